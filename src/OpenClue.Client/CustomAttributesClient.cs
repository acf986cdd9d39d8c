using OpenClue.Client.Contracts;

namespace OpenClue.Client;

/// <summary><c>/api/v1/profile/custom-attributes</c> (§1.10).</summary>
public sealed class CustomAttributesClient
{
    private const string Path = "api/v1/profile/custom-attributes";
    private readonly JsonApi _api;

    internal CustomAttributesClient(JsonApi api) => _api = api;

    public Task<CustomAttributesCreated> CreateAsync(CreateCustomAttributesRequest request, CancellationToken ct = default) =>
        _api.PostAsync<CustomAttributesCreated>(Path, request, ct);

    public Task<CustomAttributesInfo> GetAsync(string profileId, CancellationToken ct = default) =>
        _api.GetAsync<CustomAttributesInfo>($"{Path}/{JsonApi.Segment(profileId)}", ct);

    public Task<CustomAttributesList> ListAsync(int index = 0, int limit = 20, CancellationToken ct = default) =>
        _api.GetAsync<CustomAttributesList>(JsonApi.Page(Path, index, limit), ct);

    /// <summary>Every custom-attributes profile, newest first.</summary>
    public IAsyncEnumerable<CustomAttributesInfo> ListAllAsync(int pageSize = Paging.MaxLimit, CancellationToken ct = default) =>
        Paging.AllAsync(async (index, limit, token) =>
        {
            var page = await ListAsync(index, limit, token);
            return (page.Total, page.Profiles);
        }, pageSize, ct);

    public Task<ProfileDeleted> DeleteAsync(string profileId, CancellationToken ct = default) =>
        _api.DeleteAsync<ProfileDeleted>($"{Path}/{JsonApi.Segment(profileId)}", ct);

    /// <summary>Polls until the profile is completed or failed; <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public Task<CustomAttributesInfo> WaitForCompletionAsync(string profileId, Action<CustomAttributesInfo>? onProgress = null,
        TimeSpan? timeout = null, TimeSpan? pollInterval = null, CancellationToken ct = default) =>
        JobWaiter.WaitAsync(token => GetAsync(profileId, token), onProgress, timeout, pollInterval, ct);
}
