using OpenClue.Server.Platform.Storage;

namespace OpenClue.Server.Tests.Storage;

/// <summary>A read that makes no progress fails with OBS_DOWNLOAD_FAILED after the configured time; progress passes through.</summary>
public sealed class StallGuardStreamTests
{
    private sealed class Stuck(ManualResetEventSlim release) : MemoryStream("abc"u8.ToArray())
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            release.Wait();
            return base.Read(buffer, offset, count);
        }
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
