using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenClue.Server.Platform.Persistence;
using OpenClue.Server.Tests.Infrastructure;
using static OpenClue.Server.Tests.Api.ApiData;

namespace OpenClue.Server.Tests.Api;

/// <summary>A host admitting one job per tenant, so a job blocked on a FIFO keeps the tenant's later jobs <c>registered</c>.</summary>
public sealed class OneJobPerTenantFixture : PreparedHostFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OpenClue:Jobs:PerTenant"] = "1",
        ["OpenClue:Limits:AllowFifos"] = "true", // refused by default (docs/security.md)
    };
}

/// <summary>
/// Delete rules and input readiness while jobs are active (D11, D13): 10112 and 10113. Each test uses a tenant of its
/// own; its first job reads a FIFO nobody writes, so it stays in_progress until the test releases it.
/// </summary>
public sealed class ActiveJobTests(OneJobPerTenantFixture fx) : IClassFixture<OneJobPerTenantFixture>
{
    private const string B = PreparedHostFixture.Bucket;

    /// <summary>A fresh tenant with a completed feature (and optionally a completed task), then a FIFO-blocked feature in progress.</summary>
    private async Task<(HttpClient Client, string Feature, string? Task, string Blocked, BlockingSource Fifo)> BlockedTenantAsync(bool withTask)
    {
        var (_, client, _) = await NewTenantAsync(fx.Host, B);
        var feature = await CreateCompletedFeatureAsync(client, B, PreparedHostFixture.SequencesPath);
        var task = withTask ? await CreateCompletedTaskAsync(client, feature, B, PreparedHostFixture.LabelsPath) : null;
        var fifoPath = $"{Unique("fifo")}/pipe.tsv";
        var fifo = BlockingSource.Create(Path.Combine(fx.Host.Bucket(B), fifoPath));
        var blocked = await CreateFeatureAsync(client, B, fifoPath);
        await WaitForStatusAsync(client, $"/api/v1/features/{blocked}", "in_progress");
        return (client, feature, task, blocked, fifo);
    }

    [Fact]
    public async Task An_in_progress_feature_cannot_be_deleted_or_used_and_a_registered_one_neither_used()
    {
        var (client, _, _, blocked, fifo) = await BlockedTenantAsync(withTask: false);
        await using var _f = fifo;
        using var _c = client;

        AssertError(await client.DeleteJsonAsync($"/api/v1/features/{blocked}"), "10112");
        AssertError(await client.PostJsonAsync("/api/v1/tasks", TaskBody(Unique("t"), blocked, B, PreparedHostFixture.LabelsPath)), "10113");

        // Held back behind the blocked job: registered, and not usable either.
        var waiting = await CreateFeatureAsync(client, B, PreparedHostFixture.SequencesPath);
        Assert.Equal("registered", (await client.GetJsonAsync($"/api/v1/features/{waiting}")).Field("status"));
        AssertError(await client.PostJsonAsync("/api/v1/tasks", TaskBody(Unique("t"), waiting, B, PreparedHostFixture.LabelsPath)), "10113");
        AssertError(await client.PostJsonAsync("/api/v1/task-runs", RunBody(Unique("r"), fx.TaskId, waiting, B, "out/")), "10110"); // other tenant's task

        await fifo.ReleaseAsync();
        var (_, end) = await client.WaitForEndAsync($"/api/v1/features/{blocked}");
        Assert.Equal("completed", end.Field("status"));
        var (_, waitingEnd) = await client.WaitForEndAsync($"/api/v1/features/{waiting}");
        Assert.Equal("completed", waitingEnd.Field("status"));
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteJsonAsync($"/api/v1/features/{blocked}")).Status);
    }

    [Fact]
    public async Task A_registered_feature_can_be_deleted_and_never_runs()
    {
        var (client, _, _, blocked, fifo) = await BlockedTenantAsync(withTask: false);
        await using var _f = fifo;
        using var _c = client;

        var waiting = await CreateFeatureAsync(client, B, PreparedHostFixture.SequencesPath);
        Assert.Equal("registered", (await client.GetJsonAsync($"/api/v1/features/{waiting}")).Field("status"));
        var deleted = await client.DeleteJsonAsync($"/api/v1/features/{waiting}");
        Assert.True(deleted.Status == HttpStatusCode.OK, deleted.ToString());
        Assert.Equal(waiting, deleted.Field("feature_id"));
        Assert.Single(deleted.Body.EnumerateObject());
        AssertError(await client.GetJsonAsync($"/api/v1/features/{waiting}"), "10110");

        // Release the queue; a later job of the tenant completes, so admission has moved past the deleted one.
        await fifo.ReleaseAsync();
        await client.WaitForEndAsync($"/api/v1/features/{blocked}");
        await CreateCompletedFeatureAsync(client, B, PreparedHostFixture.SequencesPath);
        AssertError(await client.GetJsonAsync($"/api/v1/features/{waiting}"), "10110");
        await using var scope = fx.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OpenClueDbContext>();
        Assert.False(await db.Jobs.AnyAsync(j => j.Id == waiting), "the deleted job's record should be gone");
        Assert.False(Directory.EnumerateFiles(fx.Host.DataDir, $"{waiting}*", SearchOption.AllDirectories).Any(),
            "a deleted registered feature must never be built");
    }

    [Fact]
    public async Task A_feature_used_by_a_registered_task_cannot_be_deleted_until_the_task_is()
    {
        var (client, feature, _, _, fifo) = await BlockedTenantAsync(withTask: false);
        await using var _f = fifo;
        using var _c = client;

        var task = await client.PostJsonAsync("/api/v1/tasks", TaskBody(Unique("t"), feature, B, PreparedHostFixture.LabelsPath));
        Assert.True(task.Status == HttpStatusCode.OK, task.ToString());
        var taskId = task.Field("task_id");
        Assert.Equal("registered", (await client.GetJsonAsync($"/api/v1/tasks/{taskId}")).Field("status"));

        AssertError(await client.DeleteJsonAsync($"/api/v1/features/{feature}"), "10112");
        AssertError(await client.PostJsonAsync("/api/v1/task-runs", RunBody(Unique("r"), taskId, feature, B, "out/")), "10113");

        var deletedTask = await client.DeleteJsonAsync($"/api/v1/tasks/{taskId}");
        Assert.True(deletedTask.Status == HttpStatusCode.OK, deletedTask.ToString());
        Assert.Equal(taskId, deletedTask.Field("task_id"));
        var deletedFeature = await client.DeleteJsonAsync($"/api/v1/features/{feature}");
        Assert.True(deletedFeature.Status == HttpStatusCode.OK, deletedFeature.ToString());
    }

    [Fact]
    public async Task A_feature_used_as_the_test_set_of_a_registered_task_cannot_be_deleted()
    {
        var (client, feature, _, _, fifo) = await BlockedTenantAsync(withTask: false);
        await using var _f = fifo;
        using var _c = client;
        // The queue is blocked, so no second feature can complete now: the completed one serves as train and test.
        var body = TaskBody(Unique("t"), feature, B, PreparedHostFixture.LabelsPath);
        body["test_feature_id"] = feature;
        body["test_bucket"] = B;
        body["test_file_path"] = PreparedHostFixture.LabelsPath;
        var task = await client.PostJsonAsync("/api/v1/tasks", body);
        Assert.True(task.Status == HttpStatusCode.OK, task.ToString());
        AssertError(await client.DeleteJsonAsync($"/api/v1/features/{feature}"), "10112");
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteJsonAsync($"/api/v1/tasks/{task.Field("task_id")}")).Status);
    }

    [Fact]
    public async Task A_task_and_feature_used_by_a_registered_run_cannot_be_deleted_until_the_run_is()
    {
        var (client, feature, task, blocked, fifo) = await BlockedTenantAsync(withTask: true);
        await using var _f = fifo;
        using var _c = client;

        var run = await client.PostJsonAsync("/api/v1/task-runs", RunBody(Unique("r"), task!, feature, B, $"{Unique("held")}/"));
        Assert.True(run.Status == HttpStatusCode.OK, run.ToString());
        var runId = run.Field("run_id");
        Assert.Equal("registered", (await client.GetJsonAsync($"/api/v1/task-runs/{runId}")).Field("status"));

        AssertError(await client.DeleteJsonAsync($"/api/v1/tasks/{task}"), "10112");
        AssertError(await client.DeleteJsonAsync($"/api/v1/features/{feature}"), "10112");
        // A run on a feature that is not completed is refused.
        AssertError(await client.PostJsonAsync("/api/v1/task-runs", RunBody(Unique("r"), task!, blocked, B, "out/")), "10113");

        var deletedRun = await client.DeleteJsonAsync($"/api/v1/task-runs/{runId}");
        Assert.True(deletedRun.Status == HttpStatusCode.OK, deletedRun.ToString());
        Assert.Equal(runId, deletedRun.Field("run_id"));
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteJsonAsync($"/api/v1/tasks/{task}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteJsonAsync($"/api/v1/features/{feature}")).Status);
    }

    [Fact]
    public async Task An_in_progress_feature_reports_started_at_and_refusing_its_delete_leaves_it_running()
    {
        var (client, _, _, blocked, fifo) = await BlockedTenantAsync(withTask: false);
        await using var _f = fifo;
        using var _c = client;
        var view = await client.GetJsonAsync($"/api/v1/features/{blocked}");
        Assert.Equal("in_progress", view.Field("status"));
        Assert.NotEqual(JsonNull, view.Body.GetProperty("started_at").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, view.Body.GetProperty("completed_at").ValueKind);
        var refused = await client.DeleteJsonAsync($"/api/v1/features/{blocked}");
        AssertError(refused, "10112");
        Assert.Equal("in_progress", (await client.GetJsonAsync($"/api/v1/features/{blocked}")).Field("status"));
    }

    private const System.Text.Json.JsonValueKind JsonNull = System.Text.Json.JsonValueKind.Null;
}
