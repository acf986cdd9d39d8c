using System.Text;

namespace OpenClue.Server.Platform.Storage;

/// <summary>Request-time rules for bucket names and object paths (§1.6, D14).</summary>
public static class PathRules
{
    private const string Forbidden = "&$@;:+,?*\\{}^%`[]<>~#|\"' ";
    public const int MaxPathBytes = 1024;

    /// <summary>NCP/S3 bucket names: 3–63 of lower-case letters, digits and '-', starting and ending with a letter or digit.</summary>
    public static bool IsValidBucketName(string bucket)
    {
        if (bucket.Length is < 3 or > 63) return false;
        foreach (var c in bucket)
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')) return false;
        return bucket[0] != '-' && bucket[^1] != '-';
    }

    /// <summary>Null when the path is acceptable, otherwise a sentence saying what is wrong with it.</summary>
    public static string? Problem(string path)
    {
        if (path.Length == 0) return "The path is empty.";
        foreach (var rune in path.EnumerateRunes())
        {
            var v = rune.Value;
            if (v <= 31 || (v >= 128 && v <= 255))
                return $"The path contains the control or Latin-1 character U+{v:X4}, which is not allowed.";
            if (v < 128 && Forbidden.Contains((char)v))
                return $"The path contains '{(char)v}', which is not allowed in object storage paths.";
        }
        if (path[0] == '/') return "The path must not start with '/'; give it relative to the bucket.";
        if (path.Contains("//", StringComparison.Ordinal)) return "The path must not contain '//'.";
        foreach (var segment in path.Split('/'))
            if (segment is ".." or ".") return "The path must not contain '.' or '..' segments.";
        if (Encoding.UTF8.GetByteCount(path) > MaxPathBytes) return $"The path is longer than {MaxPathBytes} UTF-8 bytes.";
        return null;
    }
}
