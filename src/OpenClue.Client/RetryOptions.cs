namespace OpenClue.Client;

/// <summary>
/// How the client retries: 429 and 503 on every call (the server did no work, or says when to come back with
/// <c>Retry-After</c>), connection failures on idempotent calls (GET, DELETE) and on any call whose connection was
/// refused (nothing was sent). Exponential backoff with jitter between <see cref="Delay"/> and <see cref="MaxDelay"/>.
/// </summary>
public sealed record RetryOptions
{
    public static readonly RetryOptions Default = new();

    /// <summary>No retries at all.</summary>
    public static readonly RetryOptions None = new() { MaxRetryAttempts = 0 };

    /// <summary>Retries after the first attempt (0 turns retries off).</summary>
    public int MaxRetryAttempts { get; init; } = 3;

    /// <summary>The base of the exponential backoff.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between attempts, <c>Retry-After</c> included.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);
}
