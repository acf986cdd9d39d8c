using OpenClue.Client.Contracts;

namespace OpenClue.Client;

/// <summary><c>/api/v1/profile/shopping-intents</c> (§1.11) and the result download.</summary>
public sealed class ShoppingIntentsClient
{
    private const string Path = "api/v1/profile/shopping-intents";
    private const string DownloadPath = "api/v1/profile/shopping-intents-download";
    private readonly JsonApi _api;

    internal ShoppingIntentsClient(JsonApi api) => _api = api;

    public Task<ShoppingIntentCreated> CreateAsync(CreateShoppingIntentRequest request, CancellationToken ct = default) =>
        _api.PostAsync<ShoppingIntentCreated>(Path, request, ct);

    public Task<ShoppingIntentInfo> GetAsync(string profileId, CancellationToken ct = default) =>
        _api.GetAsync<ShoppingIntentInfo>($"{Path}/{JsonApi.Segment(profileId)}", ct);

    public Task<ShoppingIntentList> ListAsync(int index = 0, int limit = 20, CancellationToken ct = default) =>
        _api.GetAsync<ShoppingIntentList>(JsonApi.Page(Path, index, limit), ct);

    /// <summary>Every shopping-intent profile, newest first.</summary>
    public IAsyncEnumerable<ShoppingIntentInfo> ListAllAsync(int pageSize = Paging.MaxLimit, CancellationToken ct = default) =>
        Paging.AllAsync(async (index, limit, token) =>
        {
            var page = await ListAsync(index, limit, token);
            return (page.Total, page.Profiles);
        }, pageSize, ct);

    public Task<ProfileDeleted> DeleteAsync(string profileId, CancellationToken ct = default) =>
        _api.DeleteAsync<ProfileDeleted>($"{Path}/{JsonApi.Segment(profileId)}", ct);

    /// <summary>The result TSV (<c>kind\tname\tshare\tlift</c>, D21) of a completed profile, as served (UTF-8 bytes).</summary>
    public Task<byte[]> DownloadAsync(string profileId, CancellationToken ct = default) =>
        _api.GetBytesAsync($"{DownloadPath}/{JsonApi.Segment(profileId)}", ct);

    /// <summary>Polls until the profile is completed or failed; <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public Task<ShoppingIntentInfo> WaitForCompletionAsync(string profileId, Action<ShoppingIntentInfo>? onProgress = null,
        TimeSpan? timeout = null, TimeSpan? pollInterval = null, CancellationToken ct = default) =>
        JobWaiter.WaitAsync(token => GetAsync(profileId, token), onProgress, timeout, pollInterval, ct);
}
