namespace OpenClue.Server.Platform.Errors;

/// <summary>The caller used up an allowance (requests per second, D8); it may retry after <see cref="RetryAfter"/>.</summary>
public sealed class QuotaExceededException(string details, TimeSpan retryAfter) : DomainException(details)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
