using OpenClue.Server.Platform.Jobs;
namespace OpenClue.Server.Platform.Hosting;

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
    public LimitOptions Limits { get; set; } = new();
    public ObjectStorageOptions ObjectStorage { get; set; } = new();
}

/// <summary>S3-compatible storage for customer buckets (D23); unset, buckets are folders under the data folder.</summary>
public sealed class ObjectStorageOptions
{
    public string? Endpoint { get; set; }
    public string? Region { get; set; }
    public string? AccessKey { get; set; }
    public string? SecretKey { get; set; }
    public bool ForcePathStyle { get; set; } = true;
    /// <summary><c>WHEN_REQUIRED</c> (default) or <c>WHEN_SUPPORTED</c>: request checksums and response validation.</summary>
    public string ChecksumMode { get; set; } = "WHEN_REQUIRED";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint) || !string.IsNullOrWhiteSpace(Region);
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
    /// <summary>
    /// Jobs admitted per tenant at once. Unset: one less than <c>Worker:Concurrency</c> (at least 1), so one tenant's
    /// stalled jobs never hold every worker while other tenants wait (set it for a cluster's total worker count).
    /// </summary>
    public int? PerTenant { get; set; }
    public TimeSpan Timeout { get; set; } = TimeSpan.FromHours(6);
    /// <summary>Input files larger than this are split into byte ranges processed as separate shards.</summary>
    public long ShardBytes { get; set; } = 64L << 20;
    public int MaxAttempts { get; set; } = 3;
    /// <summary>The least time between two writes of a running job's <c>progress</c> (also only on a whole-percent change).</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>A compacting full collection after each task training (<see cref="Jobs.HeapCompaction"/>).</summary>
    public bool CompactHeapAfterLargeJobs { get; set; } = true;
    /// <summary>Most active (pending or in progress) jobs per admission queue across the cluster; unset queues see <see cref="QueueCap"/>.</summary>
    public Dictionary<string, int> Queues { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The cap of an admission queue: configured, else one less than the workers for training (at least 1), else none.</summary>
    public int QueueCap(string queue, int workers) =>
        Queues.TryGetValue(queue, out var cap) && cap > 0 ? cap
        : queue == JobQueues.Training ? Math.Max(1, workers - 1)
        : int.MaxValue;
}

public sealed class QuotaOptions
{
    /// <summary>Bytes of features and models a tenant may store; 0 (default) means unlimited (D22).</summary>
    public long BytesPerTenant { get; set; }
}
