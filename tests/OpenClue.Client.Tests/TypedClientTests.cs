using System.Net;
using System.Text.Json;
using OpenClue.Client.Contracts;

namespace OpenClue.Client.Tests;

/// <summary>The typed clients' wire behaviour, against scripted answers.</summary>
public class TypedClientTests
{
    private const string Feature = """
        {"feature_id":"f1","feature_name":"n","status":"%STATUS%","created_at":"2026-01-01T00:00:00+00:00","started_at":null,
         "completed_at":null,"source_bucket":"b","source_file_path":"p","user_count":null,"token_count":null,"disk_usage":null,
         "fail_message":null,"nclue_model_name":"oc-hash-1","nclue_model_status":"active"}
        """;

    [Theory]
    [InlineData("http://clue.test", "/api/v1/features/f1")]
    [InlineData("http://clue.test/api/v1", "/api/v1/features/f1")]
    [InlineData("http://clue.test/api/v1/", "/api/v1/features/f1")]
    [InlineData("https://gw.test/prefix/", "/prefix/api/v1/features/f1")]
    public async Task Endpoints_with_or_without_api_v1_reach_the_same_paths(string endpoint, string expected)
    {
        var api = new ScriptedApi((_, _) => (HttpStatusCode.OK, Feature.Replace("%STATUS%", "completed")));
        using var client = ScriptedApi.Client(api, endpoint);

        await client.Features.GetAsync("f1");

        Assert.Equal(expected, api.Requests.Single().Target);
    }

    [Fact]
    public async Task Create_sends_the_documented_snake_case_body_and_omits_unset_optional_fields()
    {
        var api = new ScriptedApi((_, _) => (HttpStatusCode.OK,
            """{"task_id":"t","task_name":"n","created_at":"c","train_feature_id":"f","train_bucket":"b","train_file_path":"p"}"""));
        using var client = ScriptedApi.Client(api);

        var created = await client.Tasks.CreateAsync(new CreateTaskRequest("n", "f", "b", "labels.tsv"));

        Assert.Equal("t", created.TaskId);
        var (method, target, body) = api.Requests.Single();
        Assert.Equal(("POST", "/api/v1/tasks"), (method, target));
        Assert.Equal("""{"name":"n","train_feature_id":"f","train_bucket":"b","train_file_path":"labels.tsv"}""", body);
    }

    [Fact]
    public async Task An_error_body_becomes_an_exception_with_code_message_details_and_request_id()
    {
        var api = new ScriptedApi((_, _) => (HttpStatusCode.Conflict,
            """{"error":{"errorCode":"10102","message":"DUPLICATE_NAME","details":"A feature named 'n' exists.","request_id":"r-1"}}"""));
        using var client = ScriptedApi.Client(api);

        var error = await Assert.ThrowsAsync<OpenClueApiException>(() =>
            client.Features.CreateAsync(new CreateFeatureRequest("n", "b", "p")));

        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal("10102", error.ErrorCode);
        Assert.Equal("DUPLICATE_NAME", error.ErrorMessage);
        Assert.Equal("A feature named 'n' exists.", error.Details);
        Assert.Equal("r-1", error.RequestId);
        Assert.Contains("request id r-1", error.Message);
    }

    [Fact]
    public async Task A_body_that_is_not_ours_still_gives_the_status_the_text_and_the_request_id_header()
    {
        var api = new ScriptedApi((_, _) => (HttpStatusCode.BadGateway, "<html>bad gateway</html>"));
        using var client = ScriptedApi.Client(api);

        var error = await Assert.ThrowsAsync<OpenClueApiException>(() => client.TaskRuns.GetAsync("x"));

        Assert.Equal("502", error.ErrorCode);
        Assert.Equal("<html>bad gateway</html>", error.Details);
        Assert.Equal("header-request-id", error.RequestId);
    }

    [Fact]
    public async Task ListAll_pages_with_index_and_limit_until_total()
    {
        var api = new ScriptedApi((request, _) =>
        {
            var query = System.Web.HttpUtility.ParseQueryString(request.RequestUri!.Query);
            var (index, limit) = (int.Parse(query["index"]!), int.Parse(query["limit"]!));
            var runs = Enumerable.Range(index, Math.Max(0, Math.Min(limit, 5 - index))).Select(i => new
            {
                run_id = $"r{i}", run_name = $"n{i}", status = "completed", task_id = "t", feature_id = "f",
                created_at = "c", result_bucket = "b", result_file_path = "p",
            });
            return (HttpStatusCode.OK, JsonSerializer.Serialize(new { index, limit, total = 5, runs }));
        });
        using var client = ScriptedApi.Client(api);

        var ids = new List<string>();
        await foreach (var run in client.TaskRuns.ListAllAsync(pageSize: 2)) ids.Add(run.RunId);

        Assert.Equal(["r0", "r1", "r2", "r3", "r4"], ids);
        Assert.Equal(["/api/v1/task-runs?index=0&limit=2", "/api/v1/task-runs?index=2&limit=2", "/api/v1/task-runs?index=4&limit=2"],
            api.Requests.Select(r => r.Target));
    }

    [Fact]
    public async Task WaitForCompletion_reports_every_poll_and_returns_the_finished_resource()
    {
        var statuses = new Queue<string>(["registered", "pending", "in_progress", "failed"]);
        var api = new ScriptedApi((_, _) => (HttpStatusCode.OK, Feature.Replace("%STATUS%", statuses.Dequeue())));
        using var client = ScriptedApi.Client(api);
        var seen = new List<string>();

        var final = await client.Features.WaitForCompletionAsync("f1", f => seen.Add(f.Status), pollInterval: TimeSpan.FromMilliseconds(1));

        Assert.Equal(["registered", "pending", "in_progress", "failed"], seen);
        Assert.Equal(JobStatus.Failed, final.Status);
    }

    [Fact]
    public async Task WaitForCompletion_gives_up_after_the_timeout()
    {
        var api = new ScriptedApi((_, _) => (HttpStatusCode.OK, Feature.Replace("%STATUS%", "in_progress")));
        using var client = ScriptedApi.Client(api);

        await Assert.ThrowsAsync<TimeoutException>(() => client.Features.WaitForCompletionAsync("f1",
            timeout: TimeSpan.FromMilliseconds(200), pollInterval: TimeSpan.FromMilliseconds(20)));
    }

    [Fact]
    public async Task WaitForCompletion_honours_cancellation()
    {
        var api = new ScriptedApi((_, _) => (HttpStatusCode.OK, Feature.Replace("%STATUS%", "pending")));
        using var client = ScriptedApi.Client(api);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.Features.WaitForCompletionAsync("f1", timeout: TimeSpan.FromMinutes(1), pollInterval: TimeSpan.FromMilliseconds(10), ct: cancel.Token));
    }

    [Fact]
    public async Task Task_auroc_and_the_report_are_read_with_their_wire_names()
    {
        const string report = """
            {"auroc":0.91,"roc":[{"fpr":0,"tpr":0,"threshold":1},{"fpr":0.1,"tpr":0.7,"threshold":0.5}],
             "top_positive":[{"kind":"behavior","name":"buy: running shoes","weight":1.5}],"top_negative":[],
             "train_users":800,"test_users":200,"test_source":"holdout","refit_on_all":false,"model_family":"logistic",
             "training_seconds":1.25}
            """;
        var api = new ScriptedApi((request, _) => request.RequestUri!.AbsolutePath.EndsWith("/report")
            ? (HttpStatusCode.OK, report)
            : (HttpStatusCode.OK, """{"task_id":"t","task_name":"n","status":"completed","created_at":"c","train_feature_id":"f","train_bucket":"b","train_file_path":"p","AUROC":0.9054}"""));
        using var client = ScriptedApi.Client(api);

        Assert.Equal(0.9054, (await client.Tasks.GetAsync("t")).Auroc);
        var read = await client.Tasks.GetReportAsync("t");
        Assert.Equal(0.91, read.Auroc);
        Assert.Equal(0.7, read.Roc![1].Tpr);
        Assert.Equal("buy: running shoes", read.TopPositive!.Single().Name);
        Assert.Equal(("holdout", false, 1.25), (read.TestSource, read.RefitOnAll, read.TrainingSeconds));
        Assert.Equal("/api/v1/tasks/t/report", api.Requests[1].Target);
    }

    [Fact]
    public async Task Model_actions_post_to_their_paths()
    {
        const string model = """{"model_name":"m 1","status":"completed","built_in":false,"default":true}""";
        var api = new ScriptedApi((_, _) => (HttpStatusCode.OK, model));
        using var client = ScriptedApi.Client(api);

        await client.Models.SetDefaultAsync("m 1");
        await client.Models.DeprecateAsync("m 1");

        Assert.Equal([("POST", "/api/v1/models/m%201/default"), ("POST", "/api/v1/models/m%201/deprecate")],
            api.Requests.Select(r => (r.Method, r.Target)));
    }
}
