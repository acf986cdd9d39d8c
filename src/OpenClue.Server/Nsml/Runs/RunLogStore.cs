using Microsoft.EntityFrameworkCore;
using OpenClue.Server.Nsml.Persistence;

namespace OpenClue.Server.Nsml.Runs;

/// <summary>
/// A run's log: the output of all its nodes as one byte sequence, kept in the metadata database in chunks of
/// whole lines, so any worker of a cluster can append and any API process can serve it from an offset (N4).
/// </summary>
public sealed class RunLogStore(IDbContextFactory<NsmlDbContext> contexts)
{
    public const int MaxReadBytes = 1 << 20;

    private readonly SemaphoreSlim _appendGate = new(1, 1);

    /// <summary>Appends after the current end; two writers racing for one offset retry on the key conflict.</summary>
    public async Task AppendAsync(long runSeq, int rank, byte[] data, CancellationToken ct)
    {
        if (data.Length == 0) return;
        await _appendGate.WaitAsync(ct);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                await using var db = await contexts.CreateDbContextAsync(ct);
                var end = await db.LogChunks.Where(c => c.RunSeq == runSeq).MaxAsync(c => (long?)c.EndOffset, ct) ?? 0;
                db.LogChunks.Add(new LogChunkRecord { RunSeq = runSeq, StartOffset = end, EndOffset = end + data.Length, Rank = rank, Data = data });
                try
                {
                    await db.SaveChangesAsync(ct);
                    return;
                }
                catch (DbUpdateException) when (attempt < 20)
                {
                    // Another worker took this offset (or the run was deleted: the retry finds it gone and fails again).
                    if (!await db.Runs.AnyAsync(r => r.Seq == runSeq, ct)) return;
                }
            }
        }
        finally
        {
            _appendGate.Release();
        }
    }

    /// <summary>Up to <see cref="MaxReadBytes"/> bytes from <paramref name="offset"/>, and the offset after them.</summary>
    public async Task<(byte[] Data, long Next)> ReadAsync(NsmlDbContext db, long runSeq, long offset, CancellationToken ct)
    {
        var chunks = await db.LogChunks.AsNoTracking().Where(c => c.RunSeq == runSeq && c.EndOffset > offset)
            .OrderBy(c => c.StartOffset).Take(256).ToListAsync(ct);
        using var output = new MemoryStream();
        var next = offset;
        foreach (var chunk in chunks)
        {
            if (chunk.StartOffset > next) break; // a gap cannot happen; stop rather than skip bytes
            var from = (int)(next - chunk.StartOffset);
            var count = Math.Min(chunk.Data.Length - from, MaxReadBytes - (int)output.Length);
            if (count <= 0) break;
            output.Write(chunk.Data, from, count);
            next += count;
        }
        return (output.ToArray(), next);
    }
}
