using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using OpenClue.Modeling.Data;
using OpenClue.Modeling.Features;

namespace OpenClue.Server.Nclue.Features;

/// <summary>
/// DUPLICATE_USERID across the shards of one dataset (each shard checks its own users). Each shard job keeps 64-bit
/// hashes of its UTF-8 ids as it reads them and stores them, sorted, next to its shard (<see cref="WriteHashes"/>);
/// the finishing step sorts them all together, so it reads 8 bytes per user instead of every shard file again (at
/// 5M users the shards are 12 GB, more than the page cache keeps after the build). Hashes seen twice are confirmed with
/// their exact ids in a second pass over the shards, so a hash collision never fails a feature. A shard stored without
/// its hashes (built before they were kept) is read for its ids, in batches with the names table skipped.
/// </summary>
public static class UniqueUserIds
{
    /// <param name="hashes">Per shard: its stored hashes, or null to read them from the shard.</param>
    public static void Check(IReadOnlyList<Func<FeatureSetReader>> shards, IReadOnlyList<Func<ulong[]?>> hashes, CancellationToken ct)
    {
        var all = new List<ulong[]>(shards.Count);
        long total = 0;
        for (var s = 0; s < shards.Count; s++)
        {
            var stored = hashes[s]();
            if (stored is null)
            {
                var read = new List<ulong>();
                ForEachBatch([shards[s]], ct, batch =>
                {
                    for (int i = 0; i < batch.Count; i++) read.Add(Hash(batch.UserIdUtf8(i)));
                });
                stored = [.. read];
            }
            all.Add(stored);
            total += stored.Length;
            ct.ThrowIfCancellationRequested();
        }
        var sorted = new ulong[total];
        var at = 0;
        foreach (var part in all)
        {
            part.CopyTo(sorted, at);
            at += part.Length;
        }
        all.Clear();
        Array.Sort(sorted);
        var repeated = new HashSet<ulong>();
        for (var i = 1; i < sorted.Length; i++)
            if (sorted[i] == sorted[i - 1]) repeated.Add(sorted[i]);
        if (repeated.Count == 0) return;
        var exact = new HashSet<string>(StringComparer.Ordinal);
        ForEachBatch(shards, ct, batch =>
        {
            for (int i = 0; i < batch.Count; i++)
            {
                if (!repeated.Contains(Hash(batch.UserIdUtf8(i)))) continue;
                var userId = batch.UserId(i);
                if (!exact.Add(userId))
                    throw new DatasetException(FailMessages.DuplicateUserId, null, 0, $"User id '{userId}' appears in two shards");
            }
        });
    }

    /// <summary>The hash of <paramref name="userId"/> as the shard file stores it (UTF-8).</summary>
    public static ulong Hash(string userId)
    {
        var max = System.Text.Encoding.UTF8.GetMaxByteCount(userId.Length);
        byte[]? rented = max > 512 ? ArrayPool<byte>.Shared.Rent(max) : null;
        Span<byte> utf8 = rented ?? stackalloc byte[512];
        var hash = Hash(utf8[..System.Text.Encoding.UTF8.GetBytes(userId, utf8)]);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        return hash;
    }

    /// <summary>Sorts <paramref name="hashes"/> in place and writes them as little-endian u64s.</summary>
    public static void WriteHashes(Stream output, Span<ulong> hashes)
    {
        hashes.Sort();
        if (!BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(hashes, hashes);
        output.Write(MemoryMarshal.AsBytes(hashes));
    }

    public static ulong[] ReadHashes(Stream input)
    {
        var bytes = new MemoryStream();
        input.CopyTo(bytes);
        if (bytes.Length % sizeof(ulong) != 0) throw new InvalidDataException("Corrupt user-id hashes (length).");
        var hashes = MemoryMarshal.Cast<byte, ulong>(bytes.GetBuffer().AsSpan(0, (int)bytes.Length)).ToArray();
        if (!BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(hashes, hashes);
        return hashes;
    }

    /// <remarks>Shards come from this build's writer, so they are always version 2 or later (batch-readable).</remarks>
    private static void ForEachBatch(IReadOnlyList<Func<FeatureSetReader>> shards, CancellationToken ct, Action<FeatureBatch> visit)
    {
        FeatureBatch? batch = null;
        foreach (var open in shards)
        {
            using var reader = open();
            reader.SkipFeatureNames = true;
            batch ??= new FeatureBatch(reader.Dimension, 1024);
            while (reader.ReadBatch(batch) > 0)
            {
                visit(batch);
                ct.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>FNV-1a over the UTF-8 bytes: stable and cheap; collisions are resolved exactly.</summary>
    private static ulong Hash(ReadOnlySpan<byte> id)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in id) hash = (hash ^ b) * 1099511628211UL;
        return hash;
    }
}
