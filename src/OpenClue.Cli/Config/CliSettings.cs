using OpenClue.Cli.Errors;

namespace OpenClue.Cli.Config;

/// <summary>
/// Where to connect and with which key: the chosen profile, overridden by <c>OPENCLUE_*</c> environment variables
/// (and <c>--data-dir</c>). Missing credentials are reported when a command first needs them. <see cref="DataDir"/> is
/// null unless named: buckets then go through the server's API.
/// </summary>
internal sealed record CliSettings(string ProfileName, Uri Endpoint, string? AccessKey, string? SecretKey, string? DataDir, S3Settings S3)
{
    /// <summary>Where the endpoint came from, for messages: the variable, the profile, or the default.</summary>
    public string EndpointSource { get; init; } = "the default";

    public const string DefaultEndpoint = "http://127.0.0.1:5080";

    /// <param name="requireProfile">A profile named with --profile must exist, except for <c>configure</c>, which creates it.</param>
    public static CliSettings Resolve(string profileName, string? dataDirOption, bool requireProfile = true)
    {
        var ini = ConfigFile.Load();
        var section = ini.Find(profileName);
        if (section is null && requireProfile && profileName != ConfigFile.DefaultProfile)
            throw CliException.Usage(
                $"There is no profile '{profileName}' in {ConfigFile.Location}; create it with `openclue configure --profile {profileName}`.");
        var profile = section is null ? new Profile() : Profile.From(section);

        var endpointText = Env("OPENCLUE_ENDPOINT") ?? profile.Endpoint ?? DefaultEndpoint;
        var endpointSource = Env("OPENCLUE_ENDPOINT") is not null ? "OPENCLUE_ENDPOINT"
            : profile.Endpoint is not null ? $"profile '{profileName}' of {ConfigFile.Location}" : "the default endpoint";
        if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            throw CliException.Usage($"The endpoint '{endpointText}' is not an http:// or https:// URL.");
        return new CliSettings(
            profileName,
            endpoint,
            Env("OPENCLUE_ACCESS_KEY") ?? profile.AccessKey,
            Env("OPENCLUE_SECRET_KEY") ?? profile.SecretKey,
            dataDirOption ?? Env("OPENCLUE_DATA_DIR") ?? profile.DataDir,
            new S3Settings
            {
                Endpoint = Env("OPENCLUE_S3_ENDPOINT") ?? profile.S3.Endpoint,
                Region = Env("OPENCLUE_S3_REGION") ?? profile.S3.Region,
                AccessKey = Env("OPENCLUE_S3_ACCESS_KEY") ?? profile.S3.AccessKey,
                SecretKey = Env("OPENCLUE_S3_SECRET_KEY") ?? profile.S3.SecretKey,
            })
        { EndpointSource = endpointSource };
    }

    public (string AccessKey, string SecretKey) RequireCredentials()
    {
        if (string.IsNullOrWhiteSpace(AccessKey) || string.IsNullOrWhiteSpace(SecretKey))
            throw CliException.Usage(
                $"No access key for profile '{ProfileName}': run `openclue configure` (the server prints its bootstrap key at first start) " +
                "or set OPENCLUE_ACCESS_KEY and OPENCLUE_SECRET_KEY.");
        return (AccessKey, SecretKey);
    }

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
