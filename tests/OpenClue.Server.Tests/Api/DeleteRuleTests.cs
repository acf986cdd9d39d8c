using System.Net;
using OpenClue.Server.Tests.Infrastructure;
using static OpenClue.Server.Tests.Api.ApiData;

namespace OpenClue.Server.Tests.Api;

/// <summary>Deleting finished resources (§1.5, D11). Active states are covered by <see cref="ActiveJobTests"/>.</summary>
public sealed class DeleteRuleTests(PreparedHostFixture fx) : IClassFixture<PreparedHostFixture>
{
    private const string B = PreparedHostFixture.Bucket;
    private HttpClient Client => fx.Client;

    [Fact]
    public async Task Deleting_a_completed_feature_answers_only_its_id_and_removes_it()
    {
        var id = await CreateCompletedFeatureAsync(Client, B, PreparedHostFixture.SequencesPath);
        var artifact = Path.Combine(fx.Host.DataDir, "artifacts", "default", "features", id);
        Assert.True(File.Exists(Path.Combine(artifact, "shard-00000.ocfs")), artifact);

        var deleted = await Client.DeleteJsonAsync($"/api/v1/features/{id}");
        Assert.True(deleted.Status == HttpStatusCode.OK, deleted.ToString());
        Assert.Equal(id, deleted.Field("feature_id"));
        Assert.Single(deleted.Body.EnumerateObject());

        AssertError(await Client.GetJsonAsync($"/api/v1/features/{id}"), "10110");
        AssertError(await Client.DeleteJsonAsync($"/api/v1/features/{id}"), "10110");
        Assert.False(Directory.Exists(artifact), "the stored vectors should be removed with the feature (D11)");
        var list = await Client.GetJsonAsync("/api/v1/features?limit=100");
        Assert.DoesNotContain(id, list.Body.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("feature_id").GetString()));
        // The customer's source file is untouched.
        Assert.True(File.Exists(Path.Combine(fx.Host.Bucket(B), PreparedHostFixture.SequencesPath)));
    }

    [Fact]
    public async Task A_failed_feature_can_be_deleted()
    {
        var path = $"{Unique("bad")}/broken.tsv";
        var full = Path.Combine(fx.Host.Bucket(B), path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, "no tab on this line\n");
        var id = await CreateFeatureAsync(Client, B, path);
        var (_, last) = await Client.WaitForEndAsync($"/api/v1/features/{id}");
        Assert.Equal("failed", last.Field("status"));
        var deleted = await Client.DeleteJsonAsync($"/api/v1/features/{id}");
        Assert.True(deleted.Status == HttpStatusCode.OK, deleted.ToString());
        Assert.Equal(id, deleted.Field("feature_id"));
    }

    [Fact]
    public async Task A_feature_with_only_finished_dependants_can_be_deleted_and_the_task_stays_readable()
    {
        var feature = await CreateCompletedFeatureAsync(Client, B, PreparedHostFixture.SequencesPath);
        var task = await CreateCompletedTaskAsync(Client, feature, B, PreparedHostFixture.LabelsPath);
        var (run, _) = await CreateCompletedRunAsync(Client, task, feature, B, $"{Unique("dep")}/");

        var deleted = await Client.DeleteJsonAsync($"/api/v1/features/{feature}");
        Assert.True(deleted.Status == HttpStatusCode.OK, deleted.ToString());

        var taskView = await Client.GetJsonAsync($"/api/v1/tasks/{task}");
        Assert.True(taskView.Status == HttpStatusCode.OK, taskView.ToString());
        Assert.Equal("completed", taskView.Field("status"));
        Assert.Equal(feature, taskView.Field("train_feature_id"));
        var runView = await Client.GetJsonAsync($"/api/v1/task-runs/{run}");
        Assert.True(runView.Status == HttpStatusCode.OK, runView.ToString());
        Assert.Equal("completed", runView.Field("status"));
        // The deleted feature can no longer be an input.
        AssertError(await Client.PostJsonAsync("/api/v1/task-runs", RunBody(Unique("r"), task, feature, B, "out/")), "10110");
    }

    [Fact]
    public async Task A_task_with_a_completed_run_can_be_deleted_and_the_run_stays_readable()
    {
        var task = await CreateCompletedTaskAsync(Client, fx.FeatureId, B, PreparedHostFixture.LabelsPath);
        var model = Path.Combine(fx.Host.DataDir, "artifacts", "default", "tasks", $"{task}.model");
        Assert.True(File.Exists(model), model);
        var (run, _) = await CreateCompletedRunAsync(Client, task, fx.FeatureId, B, $"{Unique("tr")}/");

        var deleted = await Client.DeleteJsonAsync($"/api/v1/tasks/{task}");
        Assert.True(deleted.Status == HttpStatusCode.OK, deleted.ToString());
        Assert.Equal(task, deleted.Field("task_id"));
        Assert.Single(deleted.Body.EnumerateObject());
        AssertError(await Client.GetJsonAsync($"/api/v1/tasks/{task}"), "10110");
        Assert.False(File.Exists(model), "the stored model should be removed with the task (D11)");

        var runView = await Client.GetJsonAsync($"/api/v1/task-runs/{run}");
        Assert.True(runView.Status == HttpStatusCode.OK, runView.ToString());
        Assert.Equal(task, runView.Field("task_id"));
        AssertError(await Client.PostJsonAsync("/api/v1/task-runs", RunBody(Unique("r"), task, fx.FeatureId, B, "out/")), "10110");
    }

    [Fact]
    public async Task Deleting_a_run_leaves_its_result_file_in_the_bucket()
    {
        var (run, last) = await CreateCompletedRunAsync(Client, fx.TaskId, fx.FeatureId, B, $"{Unique("keep")}/scores");
        var key = last.Field("result_file_path");
        var file = Path.Combine(fx.Host.Bucket(B), key);
        Assert.True(File.Exists(file), key);
        var before = File.ReadAllBytes(file);

        var deleted = await Client.DeleteJsonAsync($"/api/v1/task-runs/{run}");
        Assert.True(deleted.Status == HttpStatusCode.OK, deleted.ToString());
        Assert.Equal(run, deleted.Field("run_id"));
        Assert.Single(deleted.Body.EnumerateObject());
        AssertError(await Client.GetJsonAsync($"/api/v1/task-runs/{run}"), "10110");
        Assert.True(File.Exists(file), "result files in customer buckets are never deleted (D11)");
        Assert.Equal(before, File.ReadAllBytes(file));
        Assert.Equal(fx.Data.Users.Count, File.ReadAllLines(file).Length);
    }
}
