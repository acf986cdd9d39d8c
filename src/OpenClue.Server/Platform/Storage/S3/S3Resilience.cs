using Polly;
using Polly.Retry;

namespace OpenClue.Server.Platform.Storage.S3;

/// <summary>The retry pipeline every S3 request runs through: exponential backoff with jitter on transient failures only.</summary>
public static class S3Resilience
{
    public static ResiliencePipeline Create(S3TransferOptions options) =>
        new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(0, options.MaxAttempts - 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } ex && S3Errors.IsTransient(ex, args.Context.CancellationToken)),
            })
            .Build();
}
