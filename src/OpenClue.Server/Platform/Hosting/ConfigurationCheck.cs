using OpenClue.Server.Platform.Storage.S3;

namespace OpenClue.Server.Platform.Hosting;

/// <summary>
/// The configuration checked before the server opens anything, so a mistake is one clear line and a non-zero
/// exit rather than a stack trace or a server that starts and misbehaves.
/// </summary>
public static class ConfigurationCheck
{
    /// <summary>The first problem found, phrased for the operator, or null.</summary>
    public static string? FirstProblem(IConfiguration configuration)
    {
        OpenClueOptions options;
        ServerRole role;
        try
        {
            options = configuration.GetSection(OpenClueOptions.Section).Get<OpenClueOptions>() ?? new OpenClueOptions();
            role = ServerRoles.From(configuration);
        }
        catch (InvalidOperationException ex)
        {
            // Binder messages name the key and the type ("Failed to convert configuration value at 'OpenClue:…'").
            return (ex.InnerException is FormatException or OverflowException ? $"{ex.Message} {ex.InnerException.Message}" : ex.Message).ReplaceLineEndings(" ");
        }
        return Problems(options, role).FirstOrDefault();
    }

    private static IEnumerable<string> Problems(OpenClueOptions o, ServerRole role)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(string.IsNullOrWhiteSpace(o.TimeZone) ? "UTC" : o.TimeZone, out _))
            yield return $"OpenClue:TimeZone '{o.TimeZone}' is not a known IANA time zone (e.g. UTC, Asia/Seoul).";
        if (!string.IsNullOrWhiteSpace(o.MasterKey) && !IsBase64Of32Bytes(o.MasterKey))
            yield return "OpenClue:MasterKey must be 32 bytes, base64-encoded (openssl rand -base64 32).";
        if (string.IsNullOrWhiteSpace(o.AccessKey) != string.IsNullOrWhiteSpace(o.SecretKey))
            yield return "OpenClue:AccessKey and OpenClue:SecretKey are set together or not at all.";
        var postgres = o.Database?.Contains("Host=", StringComparison.OrdinalIgnoreCase) == true;
        if (role != ServerRole.All && !postgres)
            yield return $"--role {role.ToString().ToLowerInvariant()} needs a shared PostgreSQL database (OpenClue:Database=Host=...); SQLite serves one process.";
        if (!(string.IsNullOrWhiteSpace(o.ArtifactStore) || o.ArtifactStore == "local" || S3Uri.IsS3(o.ArtifactStore)))
            yield return $"OpenClue:ArtifactStore must be 'local' or 's3://bucket/prefix', not '{o.ArtifactStore}'.";
        if (S3Uri.IsS3(o.ArtifactStore) && !o.ObjectStorage.IsConfigured)
            yield return "OpenClue:ArtifactStore=s3://… needs OpenClue:ObjectStorage:Endpoint or :Region.";
        if (o.ObjectStorage.ChecksumMode.Trim().ToUpperInvariant() is not ("WHEN_REQUIRED" or "WHEN_SUPPORTED"))
            yield return $"OpenClue:ObjectStorage:ChecksumMode must be WHEN_REQUIRED or WHEN_SUPPORTED, not '{o.ObjectStorage.ChecksumMode}'.";
        if (o.Worker.Concurrency < 1) yield return $"OpenClue:Worker:Concurrency must be at least 1, not {o.Worker.Concurrency}.";
        if (o.Jobs.PerTenant < 1) yield return $"OpenClue:Jobs:PerTenant must be at least 1, not {o.Jobs.PerTenant}.";
        if (o.Jobs.MaxAttempts < 1) yield return $"OpenClue:Jobs:MaxAttempts must be at least 1, not {o.Jobs.MaxAttempts}.";
        if (o.Jobs.Timeout <= TimeSpan.Zero) yield return $"OpenClue:Jobs:Timeout must be positive, not {o.Jobs.Timeout}.";
        if (o.Jobs.ShardBytes < 1) yield return $"OpenClue:Jobs:ShardBytes must be positive, not {o.Jobs.ShardBytes}.";
        if (o.Quota.BytesPerTenant < 0) yield return $"OpenClue:Quota:BytesPerTenant must be 0 (unlimited) or more, not {o.Quota.BytesPerTenant}.";
        if (o.Limits.ObjectBytes < 1) yield return $"OpenClue:Limits:ObjectBytes must be positive, not {o.Limits.ObjectBytes}.";
        if (o.RateLimit.RequestsPerSecond < 0 || double.IsNaN(o.RateLimit.RequestsPerSecond))
            yield return $"OpenClue:RateLimit:RequestsPerSecond must be 0 (off) or more, not {o.RateLimit.RequestsPerSecond}.";
    }

    private static bool IsBase64Of32Bytes(string value)
    {
        Span<byte> bytes = stackalloc byte[64];
        return Convert.TryFromBase64String(value.Trim(), bytes, out var written) && written == 32;
    }
}
