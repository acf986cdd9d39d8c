using System.Buffers;
using System.Runtime.ExceptionServices;
using OpenClue.Modeling.Data;

namespace OpenClue.Server.Platform.Storage;

/// <summary>
/// Fails a read that makes no progress for <c>timeout</c> (a hung network mount under a local bucket) with
/// <c>OBS_DOWNLOAD_FAILED</c>, instead of holding a worker until the job's 6-hour timeout. A blocked system call cannot
/// be interrupted, so each read runs on a pool thread and the caller stops waiting for it; a stuck read is left behind
/// with its own buffer.
/// </summary>
public sealed class StallGuardStream(Stream inner, TimeSpan timeout, string name) : ReadOnlyStream(inner)
{
    private const int MaxChunk = 1 << 20;

    public override bool CanSeek => Inner.CanSeek;
    public override long Length => Inner.Length;
    public override long Position { get => Inner.Position; set => Inner.Position = value; }
    public override long Seek(long offset, SeekOrigin origin) => Inner.Seek(offset, origin);

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        if (timeout <= TimeSpan.Zero || timeout == Timeout.InfiniteTimeSpan) return Inner.Read(buffer);
        var count = Math.Min(buffer.Length, MaxChunk);
        var chunk = ArrayPool<byte>.Shared.Rent(count);
        var read = Task.Run(() => Inner.Read(chunk, 0, count));
        bool done;
        try
        {
            done = read.Wait(timeout);
        }
        catch (AggregateException ex) when (ex.InnerException is not null)
        {
            ArrayPool<byte>.Shared.Return(chunk);
            ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
        if (!done)
        {
            _ = read.ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted); // the chunk stays with it
            throw new StorageException(FailMessages.ObsDownloadFailed, $"{name}: a read made no progress for {timeout}");
        }
        var n = read.Result;
        chunk.AsSpan(0, n).CopyTo(buffer);
        ArrayPool<byte>.Shared.Return(chunk);
        return n;
    }
}
