using System.CommandLine;
using OpenClue.Cli.Buckets;
using OpenClue.Cli.Config;
using OpenClue.Cli.Http;
using OpenClue.Cli.Output;
using OpenClue.Client;

namespace OpenClue.Cli.Commands;

/// <summary>What a command runs with: settings, output, and (created when first needed) the API client and buckets.</summary>
internal sealed class CliContext(ParseResult parse, CliSettings settings, CliOutput output, CancellationToken ct) : IDisposable
{
    private OpenClueClient? _client;
    private IBuckets? _buckets;

    public ParseResult Parse { get; } = parse;
    public CliSettings Settings { get; } = settings;
    public CliOutput Output { get; } = output;
    public CancellationToken Ct { get; } = ct;
    public bool Verbose => Parse.GetValue(GlobalOptions.Verbose);

    public OpenClueClient Client => _client ??= CreateClient();

    /// <summary>
    /// Where <c>upload</c> and <c>runs download</c> move bytes: S3 directly when S3 is configured; the server's bucket
    /// folders directly when its data folder is named (the server's own machine); otherwise the server's object API.
    /// </summary>
    public IBuckets Buckets => _buckets ??=
        Settings.S3.IsConfigured ? new S3Buckets(Settings.S3)
        : Settings.DataDir is { } dataDir ? new LocalBuckets(dataDir)
        : new ApiBuckets(Client, Settings.Endpoint);

    public T Value<T>(Option<T> option) => Parse.GetValue(option)!;

    public T Value<T>(Argument<T> argument) => Parse.GetValue(argument)!;

    public StatusLine StartStatus(string label) => new(Output.Error, Output.StderrIsTerminal, label);

    private OpenClueClient CreateClient()
    {
        var (accessKey, secretKey) = Settings.RequireCredentials();
        HttpMessageHandler transport = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) };
        if (Verbose) transport = new VerboseHandler(Output.Error) { InnerHandler = transport };
        // Retries (429, 503, lost connections) with a short first delay: a person is waiting.
        return OpenClueClient.Create(Settings.Endpoint, accessKey, secretKey, transport,
            retry: new RetryOptions { Delay = TimeSpan.FromMilliseconds(500) });
    }

    public void Dispose()
    {
        _client?.Dispose();
        (_buckets as IDisposable)?.Dispose();
    }
}
