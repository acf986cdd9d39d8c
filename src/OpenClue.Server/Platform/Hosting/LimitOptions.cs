using OpenClue.Modeling.Data;

namespace OpenClue.Server.Platform.Hosting;

/// <summary>
/// <c>OpenClue:Limits</c>: bounds on what a bucket's contents may make the server do (docs/security.md lists them
/// with the fail message each one produces).
/// </summary>
public sealed class LimitOptions
{
    /// <summary>Longest line of a dataset, in characters; longer fails <c>UNEXPECTED_TXT_FORMAT</c>.</summary>
    public int LineLength { get; set; } = DatasetLimits.Default.MaxLineChars;

    /// <summary>Largest decompressed size of one gzip file, in bytes (0: unbounded); over it <c>UNEXPECTED_FILE_TYPE</c>.</summary>
    public long GzipBytes { get; set; } = DatasetLimits.Default.MaxDecompressedBytes;

    /// <summary>Largest decompressed:compressed ratio of a gzip file past its first 64 MiB (0: unbounded).</summary>
    public int GzipRatio { get; set; } = DatasetLimits.Default.MaxCompressionRatio;

    /// <summary>Characters of a label file scanned for personal data at request time (with the first 10,000 lines).</summary>
    public int PersonalDataScanChars { get; set; } = 16 << 20;

    /// <summary>Files a folder input may hold (local buckets), counted while listing; over it the input is refused.</summary>
    public int FolderFiles { get; set; } = 100_000;

    /// <summary>Folder nesting an input may have below the named folder (local buckets).</summary>
    public int FolderDepth { get; set; } = 32;

    /// <summary>
    /// A read from a local bucket file that makes no progress for this long fails <c>OBS_DOWNLOAD_FAILED</c> (buckets on
    /// network mounts). Off (zero) by default: each guarded read is handed to a pool thread, which under many parallel
    /// readers can starve the pool; local disks do not stall, and <c>Jobs:Timeout</c> still ends a stuck job.
    /// </summary>
    public TimeSpan ReadStall { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Read FIFOs in local buckets (a producer streaming into a named pipe). Off by default: a pipe nobody writes holds a
    /// worker until <c>Jobs:Timeout</c>, and devices or sockets are never read.
    /// </summary>
    public bool AllowFifos { get; set; }

    /// <summary>Failed authentications per second allowed per client address (0: no limit); then 429 for unknown keys.</summary>
    public double AuthFailuresPerSecond { get; set; } = 20;

    /// <summary>Failed authentications a client address may make at once before <see cref="AuthFailuresPerSecond"/> applies.</summary>
    public double AuthFailureBurst { get; set; } = 100;

    /// <summary>
    /// How long an address over its failure budget waits for its 429: a flood then holds its connections idle instead
    /// of spending the server's CPU (a known valid key is never delayed).
    /// </summary>
    public TimeSpan AuthFailureDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Largest object <c>PUT /api/v1/buckets/{bucket}/objects/{path}</c> accepts, in bytes (default 5 GiB, S3's largest
    /// single upload); counted while the body is written, so a body without a length stops at the limit.
    /// </summary>
    public long ObjectBytes { get; set; } = 5L << 30;

    public DatasetLimits Dataset => new(LineLength, GzipBytes, GzipRatio);
}
