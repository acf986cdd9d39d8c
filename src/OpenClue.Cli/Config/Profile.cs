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

    public void WriteTo(Dictionary<string, string> values)
    {
        Set(values, "endpoint", Endpoint);
        Set(values, "access_key", AccessKey);
        Set(values, "secret_key", SecretKey);
        Set(values, "data_dir", DataDir);
        Set(values, "s3_endpoint", S3.Endpoint);
        Set(values, "s3_region", S3.Region);
        Set(values, "s3_access_key", S3.AccessKey);
        Set(values, "s3_secret_key", S3.SecretKey);
    }

    private static void Set(Dictionary<string, string> values, string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) values.Remove(key);
        else values[key] = value.Trim();
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
