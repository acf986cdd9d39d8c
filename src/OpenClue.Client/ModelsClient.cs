using OpenClue.Client.Contracts;

namespace OpenClue.Client;

/// <summary><c>/api/v1/models</c> (OpenClue extension): the NCLUE models features are built with.</summary>
public sealed class ModelsClient
{
    private const string Path = "api/v1/models";
    private readonly JsonApi _api;

    internal ModelsClient(JsonApi api) => _api = api;

    /// <summary>Creates the model. A retried create that meets its own first attempt (409 10102, same fields) returns that one.</summary>
    public async Task<ModelCreated> CreateAsync(CreateModelRequest request, CancellationToken ct = default)
    {
        try
        {
            return await _api.PostAsync<ModelCreated>(Path, request, ct);
        }
        catch (OpenClueApiException e) when (e.IsDuplicateAfterRetry)
        {
            var m = await Creates.FindAsync(ListAllAsync(ct: ct), m => m.ModelName == request.Name, ct);
            if (m is null || m.BuiltIn || (m.SourceBucket, m.SourceFilePath) != (request.SourceBucket, request.SourceFilePath)) throw;
            return new ModelCreated(m.ModelName, m.CreatedAt ?? "", m.SourceBucket!, m.SourceFilePath!);
        }
    }

    public Task<ModelInfo> GetAsync(string modelName, CancellationToken ct = default) =>
        _api.GetAsync<ModelInfo>($"{Path}/{JsonApi.Segment(modelName)}", ct);

    public Task<ModelList> ListAsync(int index = 0, int limit = 20, CancellationToken ct = default) =>
        _api.GetAsync<ModelList>(JsonApi.Page(Path, index, limit), ct);

    /// <summary>Every model, fetched <paramref name="pageSize"/> at a time.</summary>
    public IAsyncEnumerable<ModelInfo> ListAllAsync(int pageSize = Paging.MaxLimit, CancellationToken ct = default) =>
        Paging.AllAsync(async (index, limit, token) =>
        {
            var page = await ListAsync(index, limit, token);
            return (page.Total, page.Models);
        }, pageSize, ct);

    /// <summary>Marks the model deprecated: existing features keep working, new features should move on.</summary>
    public Task<ModelInfo> DeprecateAsync(string modelName, CancellationToken ct = default) =>
        _api.PostAsync<ModelInfo>($"{Path}/{JsonApi.Segment(modelName)}/deprecate", null, ct);

    /// <summary>Makes the model the one new features use when they name none.</summary>
    public Task<ModelInfo> SetDefaultAsync(string modelName, CancellationToken ct = default) =>
        _api.PostAsync<ModelInfo>($"{Path}/{JsonApi.Segment(modelName)}/default", null, ct);

    /// <summary>Polls until the model is completed or failed; <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public Task<ModelInfo> WaitForCompletionAsync(string modelName, Action<ModelInfo>? onProgress = null,
        TimeSpan? timeout = null, TimeSpan? pollInterval = null, CancellationToken ct = default) =>
        JobWaiter.WaitAsync(token => GetAsync(modelName, token), onProgress, timeout, pollInterval, ct);
}
