using OpenClue.Client.Contracts;

namespace OpenClue.Client;

/// <summary><c>/api/v1/features</c> (§1.7).</summary>
public sealed class FeaturesClient
{
    private const string Path = "api/v1/features";
    private readonly JsonApi _api;

    internal FeaturesClient(JsonApi api) => _api = api;

    /// <summary>Creates the feature. A retried create that meets its own first attempt (409 10102, same fields) returns that one.</summary>
    public async Task<FeatureCreated> CreateAsync(CreateFeatureRequest request, CancellationToken ct = default)
    {
        try
        {
            return await _api.PostAsync<FeatureCreated>(Path, request, ct);
        }
        catch (OpenClueApiException e) when (e.IsDuplicateAfterRetry)
        {
            var existing = await Creates.FindAsync(ListAllAsync(ct: ct), f => f.FeatureName == request.Name, ct);
            if (existing is null || existing.SourceBucket != request.SourceBucket || existing.SourceFilePath != request.SourceFilePath ||
                (request.NclueModelName is not null && existing.NclueModelName != request.NclueModelName))
                throw;
            return new FeatureCreated(existing.FeatureId, existing.FeatureName, existing.CreatedAt, existing.SourceBucket,
                existing.SourceFilePath, existing.NclueModelName, existing.NclueModelStatus);
        }
    }

    public Task<FeatureInfo> GetAsync(string featureId, CancellationToken ct = default) =>
        _api.GetAsync<FeatureInfo>($"{Path}/{JsonApi.Segment(featureId)}", ct);

    public Task<FeatureList> ListAsync(int index = 0, int limit = 20, CancellationToken ct = default) =>
        _api.GetAsync<FeatureList>(JsonApi.Page(Path, index, limit), ct);

    /// <summary>Every feature, newest first, fetched <paramref name="pageSize"/> at a time.</summary>
    public IAsyncEnumerable<FeatureInfo> ListAllAsync(int pageSize = Paging.MaxLimit, CancellationToken ct = default) =>
        Paging.AllAsync(async (index, limit, token) =>
        {
            var page = await ListAsync(index, limit, token);
            return (page.Total, page.Features);
        }, pageSize, ct);

    public Task<FeatureDeleted> DeleteAsync(string featureId, CancellationToken ct = default) =>
        _api.DeleteAsync<FeatureDeleted>($"{Path}/{JsonApi.Segment(featureId)}", ct);

    /// <summary>Polls until the feature is completed or failed; <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public Task<FeatureInfo> WaitForCompletionAsync(string featureId, Action<FeatureInfo>? onProgress = null,
        TimeSpan? timeout = null, TimeSpan? pollInterval = null, CancellationToken ct = default) =>
        JobWaiter.WaitAsync(token => GetAsync(featureId, token), onProgress, timeout, pollInterval, ct);
}
