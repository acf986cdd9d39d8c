using System.CommandLine;
using System.Net;
using OpenClue.Cli.Config;
using OpenClue.Cli.Errors;
using OpenClue.Client;
using Spectre.Console;
using static OpenClue.Cli.Commands.CommonOptions;
using Profile = OpenClue.Cli.Config.Profile;

namespace OpenClue.Cli.Commands;

/// <summary>
/// <c>openclue configure</c>: writes a profile of <c>~/.openclue/config</c>. Values come from the options; with none
/// given on a terminal it asks for endpoint and keys, offering the current values.
/// </summary>
internal static class ConfigureCommand
{
    public static Command Create()
    {
        var endpoint = Optional("--endpoint", $"API endpoint (default {CliSettings.DefaultEndpoint})");
        var accessKey = Optional("--access-key", "Access key (the server prints its bootstrap key at first start)");
        var secretKey = Optional("--secret-key", "Secret key");
        var s3Endpoint = Optional("--s3-endpoint", "S3-compatible endpoint of the buckets, when they are not local folders");
        var s3Region = Optional("--s3-region", "S3 region");
        var s3AccessKey = Optional("--s3-access-key", "S3 access key");
        var s3SecretKey = Optional("--s3-secret-key", "S3 secret key");
        var noVerify = new Option<bool>("--no-verify") { Description = "Save without checking the key against the server" };
        var command = new Command("configure", $"Save endpoint and keys as a profile in {ConfigFile.Location}")
        {
            endpoint, accessKey, secretKey, s3Endpoint, s3Region, s3AccessKey, s3SecretKey, noVerify,
        };
        command.SetHandler(async context =>
        {
            var ini = ConfigFile.Load();
            var name = context.Settings.ProfileName;
            var current = ini.Find(name) is { } values ? Profile.From(values) : new Profile();
            Option<string?>[] given = [endpoint, accessKey, secretKey, s3Endpoint, s3Region, s3AccessKey, s3SecretKey];
            var ask = !Console.IsInputRedirected && !given.Any(o => context.Parse.GetResult(o) is not null);
            var profile = new Profile
            {
                Endpoint = Pick(context.Value(endpoint), current.Endpoint ?? CliSettings.DefaultEndpoint, ask, "Endpoint", secret: false),
                AccessKey = Pick(context.Value(accessKey), current.AccessKey, ask, "Access key", secret: false),
                SecretKey = Pick(context.Value(secretKey), current.SecretKey, ask, "Secret key", secret: true),
                DataDir = context.Parse.GetValue(GlobalOptions.DataDir) ?? current.DataDir,
                S3 = new S3Settings
                {
                    Endpoint = context.Value(s3Endpoint) ?? current.S3.Endpoint,
                    Region = context.Value(s3Region) ?? current.S3.Region,
                    AccessKey = context.Value(s3AccessKey) ?? current.S3.AccessKey,
                    SecretKey = context.Value(s3SecretKey) ?? current.S3.SecretKey,
                },
            };
            if (!Uri.TryCreate(profile.Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                throw CliException.Usage($"The endpoint '{profile.Endpoint}' is not an http:// or https:// URL.");
            if (string.IsNullOrWhiteSpace(profile.AccessKey) || string.IsNullOrWhiteSpace(profile.SecretKey))
                throw CliException.Usage("Both --access-key and --secret-key are needed (the server prints its bootstrap key at first start).");

            var check = context.Value(noVerify) ? null : await VerifyAsync(uri, profile.AccessKey, profile.SecretKey, context.Ct);

            profile.WriteTo(ini, name);
            ConfigFile.Save(ini);
            context.Output.Info($"Saved profile '{name}' to {ConfigFile.Location} (endpoint {profile.Endpoint}, access key {profile.AccessKey}).");
            if (check is not null) context.Output.Info(check);
            return ExitCodes.Success;
        }, requireProfile: false);
        return command;
    }

    /// <summary>
    /// Signs one cheap request with the new key. A refused key is an error and nothing is saved; an unreachable
    /// server is only a warning (configuring before the server is up is normal).
    /// </summary>
    private static async Task<string?> VerifyAsync(Uri endpoint, string accessKey, string secretKey, CancellationToken ct)
    {
        using var client = OpenClueClient.Create(endpoint, accessKey, secretKey, new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) },
            retry: RetryOptions.None);
        try
        {
            // GET /features exists on NCLUE and OpenClue alike.
            var features = await client.Features.ListAsync(0, 1, ct);
            return $"The server at {endpoint.OriginalString} accepted the key ({features.Total} feature(s) visible).";
        }
        catch (OpenClueApiException e) when (e.StatusCode == HttpStatusCode.Unauthorized)
        {
            throw new CliException(ExitCodes.ApiError, ErrorReporter.Explain(e, endpoint, verbose: false).Sentence +
                " Nothing was saved; use --no-verify to save anyway.");
        }
        catch (HttpRequestException e)
        {
            return $"Warning: {ErrorReporter.Explain(e, endpoint, verbose: false).Sentence} The profile is saved; the key is checked on first use.";
        }
    }

    private static string? Pick(string? given, string? current, bool ask, string prompt, bool secret)
    {
        if (given is not null || !ask) return given ?? current;
        var question = new TextPrompt<string>(prompt).AllowEmpty();
        if (secret) question.Secret();
        if (!string.IsNullOrEmpty(current))
        {
            question.DefaultValue(current);
            if (secret) question.HideDefaultValue();
        }
        var answer = AnsiConsole.Prompt(question);
        return answer.Length == 0 ? current : answer;
    }
}
