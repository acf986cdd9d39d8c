using OpenClue.Client.Contracts;

namespace OpenClue.Client;

/// <summary><c>/api/v1/task-runs</c> (§1.9).</summary>
public sealed class TaskRunsClient
{
    private const string Path = "api/v1/task-runs";
    private readonly JsonApi _api;

    internal TaskRunsClient(JsonApi api) => _api = api;

    /// <summary>Creates the run. A retried create that meets its own first attempt (409 10102, same fields) returns that one.</summary>
    public async Task<TaskRunCreated> CreateAsync(CreateTaskRunRequest request, CancellationToken ct = default)
    {
        try
        {
            return await _api.PostAsync<TaskRunCreated>(Path, request, ct);
        }
        catch (OpenClueApiException e) when (e.IsDuplicateAfterRetry)
        {
            var r = await Creates.FindAsync(ListAllAsync(ct: ct), r => r.RunName == request.Name, ct);
            // Once started, result_file_path is the final key, which begins with the path asked for (D19).
            if (r is null || (r.TaskId, r.FeatureId, r.ResultBucket) != (request.TaskId, request.FeatureId, request.ResultBucket) ||
                !r.ResultFilePath.StartsWith(request.ResultFilePath, StringComparison.Ordinal))
                throw;
            return new TaskRunCreated(r.RunId, r.RunName, r.TaskId, r.TaskName, r.FeatureId, r.FeatureName, r.CreatedAt,
                r.ResultBucket, r.ResultFilePath, r.NclueModelName, r.NclueModelStatus);
        }
    }

    public Task<TaskRunInfo> GetAsync(string runId, CancellationToken ct = default) =>
        _api.GetAsync<TaskRunInfo>($"{Path}/{JsonApi.Segment(runId)}", ct);

    public Task<TaskRunList> ListAsync(int index = 0, int limit = 20, CancellationToken ct = default) =>
        _api.GetAsync<TaskRunList>(JsonApi.Page(Path, index, limit), ct);

    /// <summary>Every task run, newest first, fetched <paramref name="pageSize"/> at a time.</summary>
    public IAsyncEnumerable<TaskRunInfo> ListAllAsync(int pageSize = Paging.MaxLimit, CancellationToken ct = default) =>
        Paging.AllAsync(async (index, limit, token) =>
        {
            var page = await ListAsync(index, limit, token);
            return (page.Total, page.Runs);
        }, pageSize, ct);

    public Task<TaskRunDeleted> DeleteAsync(string runId, CancellationToken ct = default) =>
        _api.DeleteAsync<TaskRunDeleted>($"{Path}/{JsonApi.Segment(runId)}", ct);

    /// <summary>Polls until the run is completed or failed; <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public Task<TaskRunInfo> WaitForCompletionAsync(string runId, Action<TaskRunInfo>? onProgress = null,
        TimeSpan? timeout = null, TimeSpan? pollInterval = null, CancellationToken ct = default) =>
        JobWaiter.WaitAsync(token => GetAsync(runId, token), onProgress, timeout, pollInterval, ct);
}
