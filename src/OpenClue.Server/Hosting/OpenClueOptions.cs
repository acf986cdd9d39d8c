namespace OpenClue.Server.Hosting;

/// <summary>The <c>OpenClue</c> configuration section (D23). Every key is documented in the README.</summary>
public sealed class OpenClueOptions
{
    public const string Section = "OpenClue";

    public string? DataDir { get; set; }
    public string? Database { get; set; }
    public string? AccessKey { get; set; }
    public string? SecretKey { get; set; }
    public string? MasterKey { get; set; }
    public string TimeZone { get; set; } = "UTC";
    public string ArtifactStore { get; set; } = "local";
    public bool MetricsRequireSignature { get; set; }
    public RateLimitOptions RateLimit { get; set; } = new();
    public WorkerOptions Worker { get; set; } = new();
    public JobOptions Jobs { get; set; } = new();
    public QuotaOptions Quota { get; set; } = new();
}

public sealed class RateLimitOptions
{
    /// <summary>Requests per second per access key; 0 (default) turns limiting off (D8).</summary>
    public double RequestsPerSecond { get; set; }
}

public sealed class WorkerOptions
{
    /// <summary>Jobs run at once by this process (D12).</summary>
    public int Concurrency { get; set; } = Math.Max(1, Environment.ProcessorCount);
}

public sealed class JobOptions
{
    public int PerTenant { get; set; } = 2;
    public TimeSpan Timeout { get; set; } = TimeSpan.FromHours(6);
    public int MaxAttempts { get; set; } = 3;
}

public sealed class QuotaOptions
{
    /// <summary>Bytes of features and models a tenant may store; 0 (default) means unlimited (D22).</summary>
    public long BytesPerTenant { get; set; }
}
