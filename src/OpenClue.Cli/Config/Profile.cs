namespace OpenClue.Cli.Config;

/// <summary>One <c>[name]</c> section of the config file, every key optional.</summary>
internal sealed record Profile
{
    public string? Endpoint { get; init; }
    public string? AccessKey { get; init; }
    public string? SecretKey { get; init; }
    public string? DataDir { get; init; }
    public S3Settings S3 { get; init; } = new();

    // The INI keys, named like the environment variables without the OPENCLUE_ prefix.
    public static Profile From(IReadOnlyDictionary<string, string> values) => new()
    {
        Endpoint = values.GetValueOrDefault("endpoint"),
        AccessKey = values.GetValueOrDefault("access_key"),
        SecretKey = values.GetValueOrDefault("secret_key"),
        DataDir = values.GetValueOrDefault("data_dir"),
        S3 = new S3Settings
        {
            Endpoint = values.GetValueOrDefault("s3_endpoint"),
            Region = values.GetValueOrDefault("s3_region"),
            AccessKey = values.GetValueOrDefault("s3_access_key"),
            SecretKey = values.GetValueOrDefault("s3_secret_key"),
        },
    };

    /// <summary>Writes the profile into its section; keys left empty are removed, everything else in the file stays.</summary>
    public void WriteTo(IniFile ini, string section)
    {
        ini.Set(section, "endpoint", Endpoint);
        ini.Set(section, "access_key", AccessKey);
        ini.Set(section, "secret_key", SecretKey);
        ini.Set(section, "data_dir", DataDir);
        ini.Set(section, "s3_endpoint", S3.Endpoint);
        ini.Set(section, "s3_region", S3.Region);
        ini.Set(section, "s3_access_key", S3.AccessKey);
        ini.Set(section, "s3_secret_key", S3.SecretKey);
    }
}

/// <summary>S3-compatible object storage holding the buckets (NCP Object Storage, MinIO, AWS...).</summary>
internal sealed record S3Settings
{
    public string? Endpoint { get; init; }
    public string? Region { get; init; }
    public string? AccessKey { get; init; }
    public string? SecretKey { get; init; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint) || !string.IsNullOrWhiteSpace(Region);
}
