using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OpenClue.Server.Tests.Infrastructure;

namespace OpenClue.Server.Tests;

/// <summary>The whole NCLUE flow over real HTTP with signed requests: feature → task → task run.</summary>
public sealed class PipelineTests
{
    private const int Users = 2400;

    [Fact]
    public async Task Feature_task_with_explicit_test_set_and_run_report_consistent_auroc()
    {
        await using var host = OpenClueHost.Start();
        var data = BehaviorData.Generate(Users, seed: 7);
        var bucket = host.Bucket("pipeline");
        data.WriteSequences(Path.Combine(bucket, "logs/sequences.tsv"));
        data.WriteLabels(Path.Combine(bucket, "labels/train.tsv"), 0, 1600);
        data.WriteLabels(Path.Combine(bucket, "labels/test.tsv"), 1600, 800);
        var api = host.Client;

        // Feature
        var created = await api.PostJsonAsync("/api/v1/features",
            new { name = "behaviours", source_bucket = "pipeline", source_file_path = "logs/sequences.tsv" });
        Assert.Equal(HttpStatusCode.OK, created.Status);
        AssertFields(created.Body, "feature_id", "feature_name", "created_at", "source_bucket", "source_file_path");
        Assert.Equal("behaviours", created.Field("feature_name"));
        AssertTimestamp(created.Field("created_at"));
        var featureId = created.Field("feature_id");
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", featureId);
        var (featureStatuses, feature) = await api.WaitForEndAsync($"/api/v1/features/{featureId}");
        AssertStatusSequence(featureStatuses);
        Assert.Equal("completed", feature.Field("status"));
        AssertFields(feature.Body, "feature_id", "feature_name", "status", "created_at", "completed_at", "source_bucket",
            "source_file_path", "user_count", "token_count", "disk_usage", "fail_message");
        Assert.Equal(Users, feature.Body.GetProperty("user_count").GetInt64());
        Assert.True(feature.Body.GetProperty("token_count").GetInt64() > Users);
        Assert.True(feature.Body.GetProperty("disk_usage").GetInt64() > 0);
        Assert.Equal(JsonValueKind.Null, feature.Body.GetProperty("fail_message").ValueKind);
        Assert.Equal("oc-hash-1", feature.Field("nclue_model_name"));
        AssertTimestamp(feature.Field("completed_at"));

        // Task with an explicit test set
        var task = await api.PostJsonAsync("/api/v1/tasks", new
        {
            name = "protein buyers", train_feature_id = featureId, train_bucket = "pipeline", train_file_path = "labels/train.tsv",
            test_feature_id = featureId, test_bucket = "pipeline", test_file_path = "labels/test.tsv",
        });
        Assert.Equal(HttpStatusCode.OK, task.Status);
        AssertFields(task.Body, "task_id", "task_name", "created_at", "train_feature_id", "train_feature_name", "train_bucket",
            "train_file_path", "test_feature_id", "test_feature_name", "test_bucket", "test_file_path");
        Assert.Equal("behaviours", task.Field("train_feature_name"));
        var taskId = task.Field("task_id");
        var (taskStatuses, trained) = await api.WaitForEndAsync($"/api/v1/tasks/{taskId}");
        AssertStatusSequence(taskStatuses);
        Assert.Equal("completed", trained.Field("status"));
        AssertFields(trained.Body, "task_id", "task_name", "status", "created_at", "completed_at", "train_feature_id",
            "train_feature_name", "train_bucket", "train_file_path", "test_feature_id", "test_feature_name", "test_bucket",
            "test_file_path", "AUROC", "line_count", "disk_usage", "fail_message");
        var auroc = trained.Body.GetProperty("AUROC").GetDouble();
        Assert.InRange(auroc, 0.75, 0.99);
        Assert.Equal(Math.Round(auroc, 4), auroc);
        Assert.Equal(Users, trained.Body.GetProperty("line_count").GetInt64()); // same feature for train and test: counted once
        Assert.True(trained.Body.GetProperty("disk_usage").GetInt64() > 0);

        // Run into a folder
        var run = await api.PostJsonAsync("/api/v1/task-runs", new
        {
            name = "score everyone", task_id = taskId, feature_id = featureId, result_bucket = "pipeline", result_file_path = "results/",
        });
        Assert.Equal(HttpStatusCode.OK, run.Status);
        AssertFields(run.Body, "run_id", "run_name", "task_id", "task_name", "feature_id", "feature_name", "created_at",
            "result_bucket", "result_file_path");
        Assert.Equal("results/", run.Field("result_file_path"));
        var runId = run.Field("run_id");
        var (runStatuses, ran) = await api.WaitForEndAsync($"/api/v1/task-runs/{runId}");
        AssertStatusSequence(runStatuses);
        Assert.Equal("completed", ran.Field("status"));
        AssertFields(ran.Body, "run_id", "run_name", "task_id", "task_name", "feature_id", "feature_name", "status", "created_at",
            "completed_at", "result_bucket", "result_file_path", "line_count", "fail_message");
        Assert.Equal(Users, ran.Body.GetProperty("line_count").GetInt64());
        var key = ran.Field("result_file_path");
        Assert.Matches(@"^results/nclue_[a-z0-9]{8}_\d{10}\.tsv$", key);
        Assert.Equal(DateTime.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture), key[^14..^6]);

        var scores = ReadScores(Path.Combine(bucket, key));
        Assert.Equal(data.Users.Select(u => u.UserId), scores.Keys); // every user, in the feature's order
        var testUsers = data.Users.Skip(1600).Take(800).ToList();
        var recomputed = Auroc(testUsers.Select(u => scores[u.UserId]).ToArray(), testUsers.Select(u => u.Label).ToArray());
        Assert.InRange(Math.Abs(recomputed - auroc), 0, 0.001);
        Assert.Empty(Directory.GetFiles(Path.Combine(bucket, "results"), ".*")); // no temporary left behind

        // A prefix instead of a folder
        var prefixed = await api.PostJsonAsync("/api/v1/task-runs", new
        {
            name = "prefixed", task_id = taskId, feature_id = featureId, result_bucket = "pipeline", result_file_path = "out/scores",
        });
        var (_, prefixedRun) = await api.WaitForEndAsync($"/api/v1/task-runs/{prefixed.Field("run_id")}");
        Assert.Matches(@"^out/scores_[a-z0-9]{8}_\d{10}\.tsv$", prefixedRun.Field("result_file_path"));

        // Lists carry the same items
        var runs = await api.GetJsonAsync("/api/v1/task-runs");
        Assert.Equal(2, runs.Body.GetProperty("total").GetInt32());
        Assert.Equal("prefixed", runs.Body.GetProperty("runs")[0].GetProperty("run_name").GetString());
    }

    [Fact]
    public async Task Without_a_test_set_the_held_out_users_are_those_of_D18()
    {
        await using var host = OpenClueHost.Start();
        var data = BehaviorData.Generate(2000, seed: 11);
        var bucket = host.Bucket("holdout");
        data.WriteSequences(Path.Combine(bucket, "seq.tsv"));
        data.WriteLabels(Path.Combine(bucket, "train.tsv"), 0, 2000);
        var api = host.Client;
        var feature = await api.PostJsonAsync("/api/v1/features", new { name = "f", source_bucket = "holdout", source_file_path = "seq.tsv" });
        var featureId = feature.Field("feature_id");
        await api.WaitForEndAsync($"/api/v1/features/{featureId}");
        var task = await api.PostJsonAsync("/api/v1/tasks",
            new { name = "t", train_feature_id = featureId, train_bucket = "holdout", train_file_path = "train.tsv" });
        Assert.Equal(JsonValueKind.Null, task.Body.GetProperty("test_feature_id").ValueKind);
        var taskId = task.Field("task_id");
        var (_, trained) = await api.WaitForEndAsync($"/api/v1/tasks/{taskId}");
        Assert.Equal("completed", trained.Field("status"));
        var auroc = trained.Body.GetProperty("AUROC").GetDouble();
        var run = await api.PostJsonAsync("/api/v1/task-runs",
            new { name = "r", task_id = taskId, feature_id = featureId, result_bucket = "holdout", result_file_path = "scores/" });
        var (_, ran) = await api.WaitForEndAsync($"/api/v1/task-runs/{run.Field("run_id")}");
        var scores = ReadScores(Path.Combine(bucket, ran.Field("result_file_path")));

        // D18, computed here independently: per label class, rank by SHA-256(task_id:user_id), first 20 % held out.
        var heldOut = new List<(string UserId, byte Label)>();
        foreach (var label in new byte[] { 0, 1 })
        {
            var members = data.Users.Where(u => u.Label == label)
                .Select(u => (u.UserId, Hash: SHA256.HashData(Encoding.UTF8.GetBytes(taskId + ":" + u.UserId))))
                .OrderBy(x => Convert.ToHexString(x.Hash), StringComparer.Ordinal).ToList();
            heldOut.AddRange(members.Take(members.Count / 5).Select(m => (m.UserId, label)));
        }
        var recomputed = Auroc(heldOut.Select(u => scores[u.UserId]).ToArray(), heldOut.Select(u => u.Label).ToArray());
        Assert.InRange(Math.Abs(recomputed - auroc), 0, 0.001);
    }

    private static Dictionary<string, double> ReadScores(string path)
    {
        var scores = new Dictionary<string, double>();
        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split('\t');
            Assert.Equal(2, parts.Length);
            Assert.Matches(@"^\d\.\d{6}$", parts[1]);
            var score = double.Parse(parts[1], CultureInfo.InvariantCulture);
            Assert.InRange(score, 0, 1);
            scores.Add(parts[0], score);
        }
        return scores;
    }

    /// <summary>Mann–Whitney AUROC with ties counted half, written independently of the server's.</summary>
    public static double Auroc(double[] scores, byte[] labels)
    {
        double positives = labels.Count(l => l == 1), negatives = labels.Length - positives, wins = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (labels[i] != 1) continue;
            for (var j = 0; j < scores.Length; j++)
                if (labels[j] == 0) wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
        }
        return wins / (positives * negatives);
    }

    private static void AssertFields(JsonElement body, params string[] names)
    {
        foreach (var name in names) Assert.True(body.TryGetProperty(name, out _), $"missing field {name} in {body}");
    }

    private static void AssertTimestamp(string value) =>
        Assert.Matches(new Regex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$"), value);

    /// <summary>Statuses only move forward through registered → pending → in_progress → completed | failed.</summary>
    private static void AssertStatusSequence(List<string> seen)
    {
        string[] order = ["registered", "pending", "in_progress", "completed"];
        var positions = seen.Select(s => Array.IndexOf(order, s)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.OrderBy(p => p), positions);
        Assert.Equal("completed", seen[^1]);
    }
}
