namespace OpenClue.Client;

/// <summary>
/// Typed access to an NCLUE-compatible API (OpenClue, or NAVER Cloud's <c>https://nclue.apigw.ntruss.com</c>).
/// Give it an <see cref="HttpClient"/> whose pipeline signs requests (<see cref="SignatureV2Handler"/>), or let
/// <see cref="Create"/> build one.
/// </summary>
public sealed class OpenClueClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly HttpClient? _transfers;
    private readonly bool _ownsHttp;

    /// <param name="http">Signs its requests and has a <see cref="HttpClient.BaseAddress"/> (the API root, without <c>/api/v1</c>).</param>
    public OpenClueClient(HttpClient http) : this(http, transfers: null, ownsHttp: false)
    {
    }

    /// <param name="transfers">Shares <paramref name="http"/>'s handler without its timeout, for object transfers; null: <paramref name="http"/>.</param>
    private OpenClueClient(HttpClient http, HttpClient? transfers, bool ownsHttp)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.BaseAddress is null) throw new ArgumentException("The HttpClient needs a BaseAddress.", nameof(http));
        _http = http;
        _transfers = transfers;
        _ownsHttp = ownsHttp;
        var api = new JsonApi(http);
        Features = new FeaturesClient(api);
        Tasks = new TasksClient(api);
        TaskRuns = new TaskRunsClient(api);
        Models = new ModelsClient(api);
        CustomAttributes = new CustomAttributesClient(api);
        ShoppingIntents = new ShoppingIntentsClient(api);
        Objects = new BucketObjectsClient(api, transfers ?? http);
    }

    /// <summary>
    /// A client that signs with the given key and retries as <paramref name="retry"/> says (default
    /// <see cref="RetryOptions.Default"/>; each attempt is signed afresh). <paramref name="innerHandler"/> defaults to
    /// a new <see cref="SocketsHttpHandler"/>.
    /// </summary>
    public static OpenClueClient Create(Uri endpoint, string accessKey, string secretKey,
        HttpMessageHandler? innerHandler = null, TimeProvider? clock = null, RetryOptions? retry = null)
    {
        var signer = new SignatureV2Handler(accessKey, secretKey, clock) { InnerHandler = innerHandler ?? new SocketsHttpHandler() };
        var retrying = RetryPipeline.Create(retry ?? RetryOptions.Default, signer);
        var root = ApiRoot(endpoint);
        // Uploads and downloads of large objects outlast HttpClient's default 100 s; the caller's token bounds them instead.
        var transfers = new HttpClient(retrying, disposeHandler: false) { BaseAddress = root, Timeout = Timeout.InfiniteTimeSpan };
        return new OpenClueClient(new HttpClient(retrying) { BaseAddress = root }, transfers, ownsHttp: true);
    }

    /// <summary>
    /// The root the <c>api/v1/…</c> paths resolve against. NCP documents its base URL with <c>/api/v1</c> and
    /// people paste either form, so a trailing <c>/api/v1</c> is dropped; the path always ends in <c>/</c>.
    /// </summary>
    public static Uri ApiRoot(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsAbsoluteUri) throw new ArgumentException($"The endpoint '{endpoint}' is not an absolute URL.", nameof(endpoint));
        var path = endpoint.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/api/v1", StringComparison.OrdinalIgnoreCase)) path = path[..^"/api/v1".Length];
        return new UriBuilder(endpoint) { Path = path + "/", Query = "", Fragment = "" }.Uri;
    }

    public FeaturesClient Features { get; }
    public TasksClient Tasks { get; }
    public TaskRunsClient TaskRuns { get; }
    public ModelsClient Models { get; }
    public CustomAttributesClient CustomAttributes { get; }
    public ShoppingIntentsClient ShoppingIntents { get; }
    public BucketObjectsClient Objects { get; }

    public void Dispose()
    {
        if (!_ownsHttp) return;
        _transfers?.Dispose();
        _http.Dispose();
    }
}
