using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using OpenClue.Server.Tests.Infrastructure;

namespace OpenClue.Server.Tests.Jobs;

/// <summary>
/// <c>progress</c> and <c>progress_detail</c> through the API while real jobs run: the percent of the input read,
/// stored in the database by the worker and read back by the API (so any process of a cluster sees it).
/// </summary>
public sealed class JobProgressTests
{
    private sealed record Seen(string Status, int? Progress, string? Detail);

    private static async Task<(List<Seen> Seen, JsonElement Last)> ObserveAsync(HttpClient client, string path)
    {
        var seen = new List<Seen>();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            var reply = await client.GetJsonAsync(path);
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            var body = reply.Body;
            var progress = body.GetProperty("progress");
            var detail = body.GetProperty("progress_detail");
            seen.Add(new Seen(reply.Field("status"), progress.ValueKind == JsonValueKind.Null ? null : progress.GetInt32(),
                detail.ValueKind == JsonValueKind.Null ? null : detail.GetString()));
            if (seen[^1].Status is "completed" or "failed") return (seen, body);
            Assert.True(DateTime.UtcNow < deadline, $"{path} did not end: {reply}");
            await Task.Delay(20);
        }
    }

    private static void AssertNeverGoesBack(List<Seen> seen)
    {
        var percents = seen.Where(s => s.Status == "in_progress" && s.Progress is not null).Select(s => s.Progress!.Value).ToList();
        Assert.Equal(percents.Order(), percents);
    }

    [Fact]
    public async Task A_feature_build_task_and_run_report_how_much_they_have_read_and_100_once_completed()
    {
        // Every whole percent is written (no interval), so even a short job on a fast machine is seen mid-way.
        await using var host = OpenClueHost.Start(settings: new Dictionary<string, string?> { ["OpenClue:Jobs:ProgressInterval"] = "00:00:00" });
        var data = BehaviorData.Generate(3000, seed: 11);
        // Each user's line again under other ids: some MB, seconds of reading on a loaded machine.
        var folder = host.Bucket("progress");
        await using (var file = File.CreateText(Path.Combine(folder, "seq.tsv")))
            for (var copy = 0; copy < 40; copy++)
                foreach (var (id, behaviors, _) in data.Users)
                    await file.WriteAsync($"{(copy == 0 ? "" : $"c{copy}-")}{id}\t{string.Join("->", behaviors)}\n");
        data.WriteLabels(Path.Combine(folder, "labels.tsv"), 0, data.Users.Count);

        var feature = await host.Client.PostJsonAsync("/api/v1/features", new { name = "progress", source_bucket = "progress", source_file_path = "seq.tsv" });
        var (featureSeen, featureDone) = await ObserveAsync(host.Client, $"/api/v1/features/{feature.Field("feature_id")}");
        Assert.Equal("completed", featureDone.GetProperty("status").GetString());
        Assert.Contains(featureSeen, s => s.Status == "in_progress" && s.Progress is > 0 and < 100 &&
            Regex.IsMatch(s.Detail ?? "", @"^\d+(\.\d)? (B|KB|MB) of \d+\.\d MB read$"));
        Assert.DoesNotContain(featureSeen, s => s.Status != "completed" && s.Progress >= 100);
        AssertNeverGoesBack(featureSeen);
        Assert.Equal(100, featureDone.GetProperty("progress").GetInt32());
        Assert.Equal(JsonValueKind.Null, featureDone.GetProperty("progress_detail").ValueKind);

        // Training knows how much of the features it has read, not how long fitting will take: the percent becomes unknown.
        var featureId = feature.Field("feature_id");
        var task = await host.Client.PostJsonAsync("/api/v1/tasks", new { name = "progress", train_feature_id = featureId, train_bucket = "progress", train_file_path = "labels.tsv" });
        var (taskSeen, taskDone) = await ObserveAsync(host.Client, $"/api/v1/tasks/{task.Field("task_id")}");
        Assert.Equal("completed", taskDone.GetProperty("status").GetString());
        Assert.Contains(taskSeen, s => s.Status == "in_progress" && s.Progress is null && s.Detail == "Features read; fitting the model.");
        Assert.Equal(100, taskDone.GetProperty("progress").GetInt32());

        var run = await host.Client.PostJsonAsync("/api/v1/task-runs", new
        {
            name = "progress", task_id = task.Field("task_id"), feature_id = featureId, result_bucket = "progress", result_file_path = "scores/",
        });
        var (runSeen, runDone) = await ObserveAsync(host.Client, $"/api/v1/task-runs/{run.Field("run_id")}");
        Assert.Equal("completed", runDone.GetProperty("status").GetString());
        AssertNeverGoesBack(runSeen);
        Assert.Equal(100, runDone.GetProperty("progress").GetInt32());

        // Lists carry the fields too.
        var list = await host.Client.GetJsonAsync("/api/v1/features");
        Assert.All(list.Body.GetProperty("features").EnumerateArray(), f => Assert.True(f.TryGetProperty("progress", out _) && f.TryGetProperty("progress_detail", out _)));
    }
}
