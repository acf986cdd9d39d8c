namespace OpenClue.Server.Platform.Persistence;

public sealed class TenantRecord
{
    public string Id { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The NCLUE model new features use when the request names none; null means the built-in default.</summary>
    public string? DefaultModel { get; set; }
}

/// <summary>A tenant's learned NCLUE model, pretrained on its own behaviour corpus by a job of the same id.</summary>
public sealed class ModelRecord : IJobResource
{
    public string Id { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string Name { get; set; } = "";
    public string SourceBucket { get; set; } = "";
    public string SourceFilePath { get; set; } = "";
    public int? Dimension { get; set; }
    public int? VocabularySize { get; set; }
    public DateTimeOffset? DeprecatedAt { get; set; }
    public JobRecord Job { get; set; } = null!;
}

public sealed class AccessKeyRecord
{
    public string AccessKey { get; set; } = "";
    public string TenantId { get; set; } = "";
    /// <summary>AES-GCM ciphertext of the secret under the master key (D9).</summary>
    public byte[] SecretCipher { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

public sealed class BucketGrantRecord
{
    public string TenantId { get; set; } = "";
    public string Bucket { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// The lifecycle of one asynchronous job (D11), shared by every resource that is built by a worker
/// (features, tasks, task runs today; profiles and NSML runs later). The resource row has the same id.
/// </summary>
public sealed class JobRecord
{
    /// <summary>Creation order, the sort key of every list (D4).</summary>
    public long Seq { get; set; }
    public string Id { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Status { get; set; } = JobStatus.Registered;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? FailMessage { get; set; }
    public int Attempts { get; set; }
}

/// <summary>A resource built by a job of the same id (features, tasks, task runs, models).</summary>
public interface IJobResource
{
    string Id { get; }
    string TenantId { get; }
    JobRecord Job { get; }
}

/// <summary>A resource that names the NCLUE model its features come from (features, tasks, task runs).</summary>
public interface IModelBoundResource : IJobResource
{
    string ModelName { get; }
}

public static class JobStatus
{
    public const string Registered = "registered";
    public const string Pending = "pending";
    public const string InProgress = "in_progress";
    public const string Completed = "completed";
    public const string Failed = "failed";

    /// <summary>The statuses in which a job still holds its inputs (usable in queries: <c>Active.Contains(x)</c>).</summary>
    public static readonly string[] Active = [Registered, Pending, InProgress];

    public static bool IsActive(string status) => status is Registered or Pending or InProgress;
    public static bool IsTerminal(string status) => status is Completed or Failed;
}

public sealed class FeatureRecord : IModelBoundResource
{
    public string Id { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string Name { get; set; } = "";
    public string SourceBucket { get; set; } = "";
    public string SourceFilePath { get; set; } = "";
    public string ModelName { get; set; } = "";
    public long? UserCount { get; set; }
    public long? TokenCount { get; set; }
    public long? DiskUsage { get; set; }
    /// <summary>How many shard files the feature set is stored as (artifacts <c>features/{id}/shard-NNNNN.ocfs</c>).</summary>
    public int? ShardCount { get; set; }
    public JobRecord Job { get; set; } = null!;
}

/// <summary>
/// One slice of a job's work that any worker may run (a part file, or a byte range of a large file; a feature
/// shard for a task run). The finishing step runs when every shard of the job is completed.
/// </summary>
public sealed class ShardRecord
{
    public string JobId { get; set; } = "";
    public int ShardIndex { get; set; }
    public string SourceKey { get; set; } = "";
    public long RangeStart { get; set; }
    public long? RangeEnd { get; set; }
    public string Status { get; set; } = JobStatus.Pending;
    /// <summary>The scheduler instance that ran it last: the evidence that work was spread across workers.</summary>
    public string? Worker { get; set; }
    public int Attempts { get; set; }
    public long? UserCount { get; set; }
    public long? TokenCount { get; set; }
    /// <summary>Bytes of the shard's stored output.</summary>
    public long? OutputBytes { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}

public sealed class TaskRecord : IModelBoundResource
{
    public string Id { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string Name { get; set; } = "";
    public string TrainFeatureId { get; set; } = "";
    public string TrainFeatureName { get; set; } = "";
    public string TrainBucket { get; set; } = "";
    public string TrainFilePath { get; set; } = "";
    public string? TestFeatureId { get; set; }
    public string? TestFeatureName { get; set; }
    public string? TestBucket { get; set; }
    public string? TestFilePath { get; set; }
    public string ModelName { get; set; } = "";
    public double? Auroc { get; set; }
    public long? LineCount { get; set; }
    public long? DiskUsage { get; set; }
    /// <summary>The training report (JSON) served by <c>GET /tasks/{id}/report</c>.</summary>
    public string? Report { get; set; }
    public JobRecord Job { get; set; } = null!;
}

public sealed class TaskRunRecord : IModelBoundResource
{
    public string Id { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string Name { get; set; } = "";
    public string TaskId { get; set; } = "";
    public string TaskName { get; set; } = "";
    public string FeatureId { get; set; } = "";
    public string FeatureName { get; set; } = "";
    public string ResultBucket { get; set; } = "";
    public string ResultFilePath { get; set; } = "";
    /// <summary>The final object key, fixed when the job first starts and kept across retries (D19).</summary>
    public string? ResultKey { get; set; }
    public string ModelName { get; set; } = "";
    public long? LineCount { get; set; }
    public JobRecord Job { get; set; } = null!;
}
