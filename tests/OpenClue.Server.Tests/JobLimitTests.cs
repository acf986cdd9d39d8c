using System.Diagnostics;
using OpenClue.Server.Tests.Infrastructure;

namespace OpenClue.Server.Tests;

/// <summary>D12: a job that outlives <c>Jobs:Timeout</c> ends failed with COMMON_ERROR, even when stuck in blocking I/O.</summary>
public sealed class JobLimitTests
{
    [Fact]
    public async Task A_job_stuck_past_its_timeout_fails_with_COMMON_ERROR()
    {
        await using var host = OpenClueHost.Start(settings: new Dictionary<string, string?>
        {
            ["OpenClue:Jobs:Timeout"] = "00:00:01",
            ["OpenClue:Limits:AllowFifos"] = "true", // a pipe nobody writes: the stuck read this test needs
        });
        var fifo = Path.Combine(host.Bucket("stuck"), "never.tsv");
        using (var mkfifo = Process.Start("mkfifo", [fifo])!) await mkfifo.WaitForExitAsync();
        var created = await host.Client.PostJsonAsync("/api/v1/features", new { name = "stuck", source_bucket = "stuck", source_file_path = "never.tsv" });
        var (seen, done) = await host.Client.WaitForEndAsync($"/api/v1/features/{created.Field("feature_id")}", TimeSpan.FromSeconds(30));
        Assert.Contains("in_progress", seen);
        Assert.Equal("failed", done.Field("status"));
        Assert.Equal("COMMON_ERROR", done.Field("fail_message"));
        // Release the abandoned reader so no thread stays blocked on the FIFO.
        await File.WriteAllTextAsync(fifo, "");
    }
}
