using System.Text.RegularExpressions;
using OpenClue.Cli.Errors;

namespace OpenClue.Cli.Buckets;

/// <summary>A <c>BUCKET/PATH</c> argument: a bucket name (S3 rules) and an object key inside it.</summary>
internal sealed partial record BucketPath(string Bucket, string Key)
{
    public static BucketPath Parse(string text)
    {
        var slash = text.IndexOf('/');
        var bucket = slash < 0 ? text : text[..slash];
        var key = slash < 0 ? "" : text[(slash + 1)..];
        CheckBucket(bucket);
        if (key.StartsWith('/') || key.Split('/').Any(segment => segment == ".."))
            throw CliException.Usage($"The path '{key}' in '{text}' must be relative, without '..' or '//'.");
        return new BucketPath(bucket, key);
    }

    public static void CheckBucket(string bucket)
    {
        if (!BucketName().IsMatch(bucket))
            throw CliException.Usage(
                $"'{bucket}' is not a bucket name: use 3-63 lower-case letters, digits and '-', starting and ending with a letter or digit.");
    }

    /// <summary>The key to write a local file to: a key ending in <c>/</c> (or none) is a folder that keeps the file's name.</summary>
    public string KeyFor(string localFile) => Key.Length == 0 || Key.EndsWith('/') ? Key + Path.GetFileName(localFile) : Key;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketName();
}
