using System.Net;
using System.Text.Json;
using OpenClue.Server.Tests.Infrastructure;

namespace OpenClue.Server.Tests;

/// <summary>The model issue's extension endpoints: learned NCLUE models, their lifecycle, compatibility (D13) and task reports.</summary>
public sealed class ModelsAndReportsTests
{
    [Fact]
    public async Task A_learned_model_is_pretrained_used_by_features_enforced_for_tasks_and_deprecated()
    {
        await using var host = OpenClueHost.Start();
        var bucket = host.Bucket("models");
        var data = BehaviorData.Generate(1500, seed: 41);
        data.WriteSequences(Path.Combine(bucket, "corpus.tsv"));
        data.WriteLabels(Path.Combine(bucket, "train.tsv"), 0, 1500);
        var api = host.Client;

        var builtIns = await api.GetJsonAsync("/api/v1/models");
        var first = builtIns.Body.GetProperty("models")[0];
        Assert.Equal("oc-hash-1", first.GetProperty("model_name").GetString());
        Assert.True(first.GetProperty("built_in").GetBoolean());
        Assert.True(first.GetProperty("default").GetBoolean());

        var created = await api.PostJsonAsync("/api/v1/models", new { name = "shop-v1", source_bucket = "models", source_file_path = "corpus.tsv" });
        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal("shop-v1", created.Field("model_name"));
        Assert.Equal("10102", (await api.PostJsonAsync("/api/v1/models", new { name = "oc-hash-1", source_bucket = "models", source_file_path = "corpus.tsv" })).ErrorCode);
        var (_, model) = await api.WaitForEndAsync("/api/v1/models/shop-v1", TimeSpan.FromMinutes(3));
        Assert.Equal("completed", model.Field("status"));
        Assert.Equal("active", model.Field("nclue_model_status"));
        Assert.True(model.Body.GetProperty("dimension").GetInt32() > 0);
        Assert.True(model.Body.GetProperty("vocabulary_size").GetInt32() > 0);
        Assert.Equal(2, (await api.GetJsonAsync("/api/v1/models")).Body.GetProperty("total").GetInt32());

        var learned = await BuildFeatureAsync(api, "learned", "shop-v1");
        Assert.Equal("shop-v1", learned.Field("nclue_model_name"));
        var hashed = await BuildFeatureAsync(api, "hashed", null);
        Assert.Equal("oc-hash-1", hashed.Field("nclue_model_name"));

        var task = await api.PostJsonAsync("/api/v1/tasks", new { name = "t", train_feature_id = learned.Field("feature_id"), train_bucket = "models", train_file_path = "train.tsv" });
        Assert.Equal("shop-v1", task.Field("nclue_model_name"));
        var (_, trained) = await api.WaitForEndAsync($"/api/v1/tasks/{task.Field("task_id")}", TimeSpan.FromMinutes(3));
        Assert.Equal("completed", trained.Field("status"));

        // D13: a task runs only on features of its model.
        var mismatch = await api.PostJsonAsync("/api/v1/task-runs", new { name = "r", task_id = task.Field("task_id"), feature_id = hashed.Field("feature_id"), result_bucket = "models", result_file_path = "out/" });
        Assert.Equal(HttpStatusCode.Conflict, mismatch.Status);
        Assert.Equal("10115", mismatch.ErrorCode);

        // The tenant's default: features without a model name use it.
        Assert.True((await api.PostJsonAsync("/api/v1/models/shop-v1/default", new { })).Body.GetProperty("default").GetBoolean());
        Assert.Equal("shop-v1", (await BuildFeatureAsync(api, "by-default", null)).Field("nclue_model_name"));
        Assert.Equal("10112", (await api.PostJsonAsync("/api/v1/models/shop-v1/deprecate", new { })).ErrorCode); // the default cannot be
        await api.PostJsonAsync("/api/v1/models/oc-hash-1/default", new { });

        // Deprecated: no new features, existing ones keep working and say so.
        var deprecated = await api.PostJsonAsync("/api/v1/models/shop-v1/deprecate", new { });
        Assert.Equal("deprecated", deprecated.Field("nclue_model_status"));
        var refused = await api.PostJsonAsync("/api/v1/features", new { name = "late", source_bucket = "models", source_file_path = "corpus.tsv", nclue_model_name = "shop-v1" });
        Assert.Equal("10112", refused.ErrorCode);
        Assert.Equal("deprecated", (await api.GetJsonAsync($"/api/v1/features/{learned.Field("feature_id")}")).Field("nclue_model_status"));
        var run = await api.PostJsonAsync("/api/v1/task-runs", new { name = "r2", task_id = task.Field("task_id"), feature_id = learned.Field("feature_id"), result_bucket = "models", result_file_path = "out/" });
        var (_, ran) = await api.WaitForEndAsync($"/api/v1/task-runs/{run.Field("run_id")}");
        Assert.Equal("completed", ran.Field("status"));
        Assert.Equal("10110", (await api.GetJsonAsync("/api/v1/models/nope")).ErrorCode);
        Assert.Equal("10110", (await api.PostJsonAsync("/api/v1/features", new { name = "x", source_bucket = "models", source_file_path = "corpus.tsv", nclue_model_name = "nope" })).ErrorCode);
    }

    [Fact]
    public async Task A_task_report_explains_the_model()
    {
        await using var host = OpenClueHost.Start();
        var bucket = host.Bucket("report");
        var data = BehaviorData.Generate(1200, seed: 43);
        data.WriteSequences(Path.Combine(bucket, "seq.tsv"));
        data.WriteLabels(Path.Combine(bucket, "train.tsv"), 0, 900);
        data.WriteLabels(Path.Combine(bucket, "test.tsv"), 900, 300);
        var api = host.Client;
        var feature = await BuildFeatureAsync(api, "f", null, "report", "seq.tsv");
        var task = await api.PostJsonAsync("/api/v1/tasks", new
        {
            name = "t", train_feature_id = feature.Field("feature_id"), train_bucket = "report", train_file_path = "train.tsv",
            test_feature_id = feature.Field("feature_id"), test_bucket = "report", test_file_path = "test.tsv",
        });
        var early = await api.GetJsonAsync($"/api/v1/tasks/{task.Field("task_id")}/report");
        if (early.Status != HttpStatusCode.OK) Assert.Equal("10113", early.ErrorCode); // not trained yet
        var (_, trained) = await api.WaitForEndAsync($"/api/v1/tasks/{task.Field("task_id")}");
        var report = await api.GetJsonAsync($"/api/v1/tasks/{task.Field("task_id")}/report");
        Assert.Equal(HttpStatusCode.OK, report.Status);
        var body = report.Body;
        Assert.Equal(trained.Body.GetProperty("AUROC").GetDouble(), body.GetProperty("auroc").GetDouble(), 4);
        var roc = body.GetProperty("roc").EnumerateArray().Select(p => (Fpr: p.GetProperty("fpr").GetDouble(), Tpr: p.GetProperty("tpr").GetDouble())).ToList();
        Assert.Equal((0.0, 0.0), roc[0]);
        Assert.Equal((1.0, 1.0), roc[^1]);
        Assert.True(roc.Zip(roc.Skip(1)).All(p => p.Second.Fpr >= p.First.Fpr && p.Second.Tpr >= p.First.Tpr), "the ROC curve is monotone");
        foreach (var list in new[] { "top_positive", "top_negative" })
            foreach (var item in body.GetProperty(list).EnumerateArray())
            {
                Assert.Contains(item.GetProperty("kind").GetString(), new[] { "behavior", "token" });
                Assert.False(string.IsNullOrEmpty(item.GetProperty("name").GetString()));
            }
        Assert.NotEmpty(body.GetProperty("top_positive").EnumerateArray());
        Assert.Contains(body.GetProperty("top_positive").EnumerateArray(), i => i.GetProperty("name").GetString()!.Contains("protein") || i.GetProperty("name").GetString()!.Contains("단백질"));
        Assert.Equal(900, body.GetProperty("train_users").GetInt32());
        Assert.Equal(300, body.GetProperty("test_users").GetInt32());
        Assert.Equal("explicit", body.GetProperty("test_source").GetString());
        Assert.False(body.GetProperty("refit_on_all").GetBoolean());
        Assert.Contains(body.GetProperty("model_family").GetString(), new[] { "logistic_regression", "gbdt", "blend" });
        Assert.True(body.GetProperty("training_seconds").GetDouble() >= 0);
    }

    private static async Task<ApiCalls.Reply> BuildFeatureAsync(HttpClient api, string name, string? model, string bucket = "models", string path = "corpus.tsv")
    {
        object body = model is null
            ? new { name, source_bucket = bucket, source_file_path = path }
            : new { name, source_bucket = bucket, source_file_path = path, nclue_model_name = model };
        var created = await api.PostJsonAsync("/api/v1/features", body);
        Assert.Equal(HttpStatusCode.OK, created.Status);
        var (_, done) = await api.WaitForEndAsync($"/api/v1/features/{created.Field("feature_id")}", TimeSpan.FromMinutes(3));
        Assert.Equal("completed", done.Field("status"));
        return done;
    }
}
