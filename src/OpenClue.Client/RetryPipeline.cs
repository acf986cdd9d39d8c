using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace OpenClue.Client;

/// <summary>The retry handler (Microsoft.Extensions.Http.Resilience) of <see cref="OpenClueClient.Create"/>.</summary>
internal static class RetryPipeline
{
    /// <summary>Set on a request by <see cref="AttemptCounter"/>: how many times it went out.</summary>
    public static readonly HttpRequestOptionsKey<int> Attempts = new("OpenClue.Attempts");

    /// <summary>A retry handler whose inner handler counts the attempts (the signer below it signs each one afresh).</summary>
    public static DelegatingHandler Create(RetryOptions options, HttpMessageHandler signedTransport)
    {
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (options.MaxRetryAttempts > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.Delay,
                MaxDelay = options.MaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.GetRequestMessage())),
            });
        }
        return new ResilienceHandler(pipeline.Build()) { InnerHandler = new AttemptCounter { InnerHandler = signedTransport } };
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request)
    {
        if (outcome.Result is { } response) return response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable;
        return outcome.Exception switch
        {
            // Cancelled by the caller: never retried.
            OperationCanceledException => false,
            HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } } => true,
            HttpRequestException => request is not null && IsIdempotent(request.Method),
            _ => false,
        };
    }

    private static bool IsIdempotent(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Delete || method == HttpMethod.Put || method == HttpMethod.Options;

    private sealed class AttemptCounter : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            request.Options.TryGetValue(Attempts, out var attempts);
            request.Options.Set(Attempts, attempts + 1);
            return base.SendAsync(request, ct);
        }
    }
}
