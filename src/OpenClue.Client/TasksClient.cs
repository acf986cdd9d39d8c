using OpenClue.Client.Contracts;

namespace OpenClue.Client;

/// <summary><c>/api/v1/tasks</c> (§1.8) and the task report extension.</summary>
public sealed class TasksClient
{
    private const string Path = "api/v1/tasks";
    private readonly JsonApi _api;

    internal TasksClient(JsonApi api) => _api = api;

    /// <summary>Creates the task. A retried create that meets its own first attempt (409 10102, same fields) returns that one.</summary>
    public async Task<TaskCreated> CreateAsync(CreateTaskRequest request, CancellationToken ct = default)
    {
        try
        {
            return await _api.PostAsync<TaskCreated>(Path, request, ct);
        }
        catch (OpenClueApiException e) when (e.IsDuplicateAfterRetry)
        {
            var t = await Creates.FindAsync(ListAllAsync(ct: ct), t => t.TaskName == request.Name, ct);
            if (t is null || (t.TrainFeatureId, t.TrainBucket, t.TrainFilePath, t.TestFeatureId, t.TestBucket, t.TestFilePath) !=
                (request.TrainFeatureId, request.TrainBucket, request.TrainFilePath, request.TestFeatureId, request.TestBucket, request.TestFilePath))
                throw;
            return new TaskCreated(t.TaskId, t.TaskName, t.CreatedAt, t.TrainFeatureId, t.TrainFeatureName, t.TrainBucket, t.TrainFilePath,
                t.TestFeatureId, t.TestFeatureName, t.TestBucket, t.TestFilePath, t.NclueModelName, t.NclueModelStatus);
        }
    }

    public Task<TaskInfo> GetAsync(string taskId, CancellationToken ct = default) =>
        _api.GetAsync<TaskInfo>($"{Path}/{JsonApi.Segment(taskId)}", ct);

    public Task<TaskList> ListAsync(int index = 0, int limit = 20, CancellationToken ct = default) =>
        _api.GetAsync<TaskList>(JsonApi.Page(Path, index, limit), ct);

    /// <summary>Every task, newest first, fetched <paramref name="pageSize"/> at a time.</summary>
    public IAsyncEnumerable<TaskInfo> ListAllAsync(int pageSize = Paging.MaxLimit, CancellationToken ct = default) =>
        Paging.AllAsync(async (index, limit, token) =>
        {
            var page = await ListAsync(index, limit, token);
            return (page.Total, page.Tasks);
        }, pageSize, ct);

    public Task<TaskDeleted> DeleteAsync(string taskId, CancellationToken ct = default) =>
        _api.DeleteAsync<TaskDeleted>($"{Path}/{JsonApi.Segment(taskId)}", ct);

    /// <summary>The training report of a completed task: AUROC, ROC curve, strongest behaviours, split sizes.</summary>
    public Task<TaskReport> GetReportAsync(string taskId, CancellationToken ct = default) =>
        _api.GetAsync<TaskReport>($"{Path}/{JsonApi.Segment(taskId)}/report", ct);

    /// <summary>Polls until the task is completed or failed; <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public Task<TaskInfo> WaitForCompletionAsync(string taskId, Action<TaskInfo>? onProgress = null,
        TimeSpan? timeout = null, TimeSpan? pollInterval = null, CancellationToken ct = default) =>
        JobWaiter.WaitAsync(token => GetAsync(taskId, token), onProgress, timeout, pollInterval, ct);
}
