using System.Diagnostics;
using OpenClue.Server.Tests.Infrastructure;
using static OpenClue.Server.Tests.Api.ApiData;

namespace OpenClue.Server.Tests.Security;

/// <summary>
/// Issue 11, item 3: a source that stops delivering bytes fails its job with the documented fail message instead of
/// holding a worker until <c>Jobs:Timeout</c>. The source is a named pipe whose writer sends half a line and then
/// nothing, holding the pipe open (as a hung mount or a stalled producer would).
/// </summary>
public sealed class StalledReadTests
{
    [Fact]
    public async Task A_source_that_stops_delivering_bytes_fails_the_job_with_OBS_DOWNLOAD_FAILED()
    {
        await using var host = OpenClueHost.Start(settings: new Dictionary<string, string?>
        {
            ["OpenClue:Limits:AllowFifos"] = "true",
            ["OpenClue:Limits:ReadStall"] = "00:00:02",
        });
        var pipe = Path.Combine(host.Bucket("stall"), "slow.tsv");
        using (var mkfifo = Process.Start("mkfifo", [pipe])!) await mkfifo.WaitForExitAsync();

        var feature = await host.Client.PostJsonAsync("/api/v1/features", FeatureBody("stalled", "stall", "slow.tsv"));
        using var release = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            await using var stream = new FileStream(pipe, FileMode.Open, FileAccess.Write); // waits for the job's reader
            await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None); // past the storage's type check on its own descriptor
            await stream.WriteAsync("u1\tsearch: a->cli"u8.ToArray(), CancellationToken.None);
            await stream.FlushAsync(CancellationToken.None);
            try { await Task.Delay(Timeout.Infinite, release.Token); } catch (OperationCanceledException) { } // open, silent
        });

        var (_, done) = await host.Client.WaitForEndAsync($"/api/v1/features/{feature.Field("feature_id")}", TimeSpan.FromMinutes(2));
        await release.CancelAsync();
        try { await writer.WaitAsync(TimeSpan.FromSeconds(10)); } catch (IOException) { } // the reader may be gone: broken pipe
        Assert.Equal("failed", done.Field("status"));
        Assert.Equal("OBS_DOWNLOAD_FAILED", done.Field("fail_message"));
        Assert.Contains("Limits:ReadStall", done.Field("fail_details"));
    }
}
