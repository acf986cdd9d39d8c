using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using OpenClue.Client;

namespace OpenClue.Cli.Errors;

/// <summary>Turns any failure into one sentence on stderr and the documented exit code.</summary>
internal static partial class ErrorReporter
{
    public static int Report(Exception error, Uri? endpoint, bool verbose, TextWriter stderr, string? endpointSource = null)
    {
        var (code, sentence) = Explain(error, endpoint, verbose, endpointSource);
        stderr.WriteLine("Error: " + sentence);
        if (verbose && error is not CliException and not OpenClueApiException) stderr.WriteLine(error);
        return code;
    }

    public static (int ExitCode, string Sentence) Explain(Exception error, Uri? endpoint, bool verbose, string? endpointSource = null) => error switch
    {
        CliException cli => (cli.ExitCode, cli.Message),
        OpenClueApiException api => (ExitCodes.ApiError, ApiSentence(api, verbose)),
        HttpRequestException http => (ExitCodes.Unreachable, Unreachable(endpoint, endpointSource, Reason(http))),
        TaskCanceledException { InnerException: TimeoutException } =>
            (ExitCodes.Unreachable, $"The server at {endpoint?.OriginalString} did not answer in time; check that it is running and reachable."),
        OperationCanceledException => (ExitCodes.Interrupted, "Interrupted."),
        AmazonServiceException s3 => (ExitCodes.ApiError, $"Object storage refused the request: {s3.Message} ({s3.ErrorCode})."),
        AmazonClientException s3 => (ExitCodes.Unreachable, $"Cannot reach the object storage: {s3.Message}"),
        UnauthorizedAccessException or IOException => (ExitCodes.Usage, error.Message),
        _ => (ExitCodes.ApiError, $"Unexpected {error.GetType().Name}: {error.Message}"),
    };

    private static string Unreachable(Uri? endpoint, string? source, string reason)
    {
        var at = endpoint?.OriginalString.TrimEnd('/');
        var from = source is null ? "" : $", from {source}";
        var start = endpoint is { IsLoopback: true }
            ? $" Start it with `dotnet run --project src/OpenClue.Server -- --urls {at}`, or point"
            : " Check the address, or point";
        return $"Cannot reach the OpenClue server at {at} ({reason}{from}). Is it running?{start} the CLI elsewhere " +
               "with `openclue configure --endpoint URL` or OPENCLUE_ENDPOINT.";
    }

    private static string Reason(HttpRequestException http) => http.InnerException switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused",
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData } => "unknown host",
        SocketException socket => socket.SocketErrorCode.ToString(),
        { } inner => inner.Message,
        null => http.Message,
    };

    private static string ApiSentence(OpenClueApiException api, bool verbose)
    {
        var sentence = api.StatusCode == HttpStatusCode.Unauthorized ? Unauthorized(api) : Rejected(api);
        return verbose && api.RequestId is not null ? $"{sentence} (request id {api.RequestId})" : sentence;
    }

    private static string Rejected(OpenClueApiException api)
    {
        var details = api.Details ?? "no details";
        return $"{details.TrimEnd('.')}. [{(int)api.StatusCode} {api.ErrorCode} {api.ErrorMessage}]";
    }

    // D6: every authentication failure is 401 10100; only clock skew says so, with the server's time in epoch ms.
    private static string Unauthorized(OpenClueApiException api)
    {
        if (api.Details is { } details && ServerTime().Match(details) is { Success: true } match &&
            long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var serverMs))
        {
            var server = DateTimeOffset.FromUnixTimeMilliseconds(serverMs);
            var offset = DateTimeOffset.UtcNow - server;
            var direction = offset > TimeSpan.Zero ? "ahead of" : "behind";
            return $"This computer's clock is {Minutes(offset.Duration())} {direction} the server's ({server:yyyy-MM-dd HH:mm:ss} UTC); " +
                   "signed requests must be within 5 minutes, so correct the clock (enable NTP) and retry.";
        }
        return "The server rejected the access key: it is unknown or revoked, or the secret key does not match. " +
               "Check the keys with `openclue configure` (or OPENCLUE_ACCESS_KEY / OPENCLUE_SECRET_KEY). " +
               $"[401 {api.ErrorCode} {api.ErrorMessage}]";
    }

    private static string Minutes(TimeSpan span) =>
        span.TotalMinutes >= 1.5 ? $"about {Math.Round(span.TotalMinutes):0} minutes" : $"{span.TotalSeconds:0} seconds";

    [GeneratedRegex(@"server time is (\d+)")]
    private static partial Regex ServerTime();
}
