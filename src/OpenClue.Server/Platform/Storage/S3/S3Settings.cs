using OpenClue.Server.Platform.Hosting;

namespace OpenClue.Server.Platform.Storage.S3;

/// <summary>
/// How to reach an S3-compatible service (NCP Object Storage, AWS S3, MinIO, s3rver): D23's
/// <c>ObjectStorage</c> section.
/// </summary>
public sealed record S3Settings
{
    /// <summary>Service URL, e.g. <c>https://kr.object.ncloudstorage.com</c>; unset means AWS with <see cref="Region"/>.</summary>
    public string? Endpoint { get; init; }
    public string? Region { get; init; }
    public string? AccessKey { get; init; }
    public string? SecretKey { get; init; }
    public bool ForcePathStyle { get; init; } = true;
    /// <summary><c>WHEN_REQUIRED</c> (default) or <c>WHEN_SUPPORTED</c>.</summary>
    public string ChecksumMode { get; init; } = "WHEN_REQUIRED";

    public static S3Settings From(ObjectStorageOptions options) => new()
    {
        Endpoint = options.Endpoint,
        Region = options.Region,
        AccessKey = options.AccessKey,
        SecretKey = options.SecretKey,
        ForcePathStyle = options.ForcePathStyle,
        ChecksumMode = string.IsNullOrWhiteSpace(options.ChecksumMode) ? "WHEN_REQUIRED" : options.ChecksumMode,
    };
}

/// <summary>Tuning of reads and uploads; the defaults suit production, tests shrink the delays.</summary>
public sealed record S3TransferOptions
{
    public const int MinPartSize = 5 << 20;

    /// <summary>Bytes per multipart part (default 8 MiB, at least 5 MiB: S3's minimum for all parts but the last).</summary>
    public int PartSize { get; init; } = 8 << 20;
    /// <summary>Attempts per S3 request, the first included (transient failures only).</summary>
    public int MaxAttempts { get; init; } = 4;
    /// <summary>First retry delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>How many times in a row a read may resume from its position after the body broke off.</summary>
    public int MaxReadResumes { get; init; } = 4;
    /// <summary>A body read that makes no progress for this long is abandoned and resumed (<c>Limits:ReadStall</c>; zero: never).</summary>
    public TimeSpan ReadStall { get; init; } = TimeSpan.FromMinutes(5);

    internal void Validate()
    {
        if (PartSize < MinPartSize) throw new ArgumentOutOfRangeException(nameof(PartSize), PartSize, "S3 parts must be at least 5 MiB.");
        if (MaxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "At least one attempt.");
    }
}
