namespace OpenClue.Modeling.Data;

/// <summary>
/// Bounds on what one dataset file may make a reader hold or do, so a hostile file fails with a fail message instead
/// of exhausting memory: the longest line (characters, held whole while parsed), and for gzip files the largest
/// decompressed size and compression ratio (a "zip bomb"). Over a bound: <c>UNEXPECTED_TXT_FORMAT</c> for a line,
/// <c>UNEXPECTED_FILE_TYPE</c> for gzip.
/// </summary>
/// <param name="MaxLineChars">Longest line in UTF-16 characters (memory: two bytes each).</param>
/// <param name="MaxDecompressedBytes">Largest decompressed size of one gzip file; 0 means unbounded.</param>
/// <param name="MaxCompressionRatio">Largest decompressed:compressed ratio of a gzip file, judged once
/// <see cref="RatioCheckedAfterBytes"/> have been decompressed; 0 means unbounded.</param>
public sealed record DatasetLimits(int MaxLineChars, long MaxDecompressedBytes, int MaxCompressionRatio)
{
    /// <summary>Small files are not judged by their ratio: a short repetitive file compresses very well and is harmless.</summary>
    public const long RatioCheckedAfterBytes = 64L << 20;

    public static DatasetLimits Default { get; } = new(16 << 20, 64L << 30, 200);
}
