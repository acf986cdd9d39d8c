using OpenClue.Server.Platform.Storage;

namespace OpenClue.Server.Tests.Storage;

/// <summary>A read that makes no progress fails with OBS_DOWNLOAD_FAILED after the configured time; progress passes through.</summary>
public sealed class StallGuardStreamTests
{
    private sealed class Stuck(ManualResetEventSlim release) : MemoryStream("abc"u8.ToArray())
    {
        public bool ReadOnPoolThread { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            ReadOnPoolThread |= Thread.CurrentThread.IsThreadPoolThread;
            release.Wait();
            return base.Read(buffer, offset, count);
        }
    }

    [Fact]
    public async Task A_stalled_asynchronous_read_times_out_and_no_read_blocks_a_pool_thread()
    {
        using var release = new ManualResetEventSlim();
        var stuck = new Stuck(release);
        await using var stalled = new StallGuardStream(stuck, TimeSpan.FromMilliseconds(200), "bucket/key");
        var error = await Assert.ThrowsAsync<StorageException>(() => stalled.ReadAsync(new byte[8], 0, 8));
        Assert.Equal("OBS_DOWNLOAD_FAILED", error.FailMessage);
        Assert.Throws<StorageException>(() => stalled.ReadByte()); // dead once stalled: the stuck read owns the buffer
        release.Set();
        Assert.False(stuck.ReadOnPoolThread); // many stalled readers cannot starve the pool
    }

    [Fact]
    public void Reads_through_the_guard_return_the_whole_stream()
    {
        var data = new byte[3_000_000];
        new Random(3).NextBytes(data);
        using var guarded = new StallGuardStream(new MemoryStream(data), TimeSpan.FromSeconds(30), "bucket/key");
        using var copy = new MemoryStream();
        guarded.CopyTo(copy, 100_000);
        Assert.Equal(data, copy.ToArray());
    }

    [Fact]
    public void A_stalled_read_times_out_and_a_live_one_reads()
    {
        using var release = new ManualResetEventSlim();
        using var stalled = new StallGuardStream(new Stuck(release), TimeSpan.FromMilliseconds(200), "bucket/key");
        var error = Assert.Throws<StorageException>(() => stalled.Read(new byte[8], 0, 8));
        Assert.Equal("OBS_DOWNLOAD_FAILED", error.FailMessage);
        release.Set();

        using var live = new StallGuardStream(new MemoryStream("hello"u8.ToArray()), TimeSpan.FromSeconds(30), "bucket/key");
        var buffer = new byte[8];
        Assert.Equal(5, live.Read(buffer, 0, 8));
        Assert.Equal("hello"u8.ToArray(), buffer[..5]);
    }
}
