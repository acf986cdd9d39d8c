using System.Globalization;
using System.Security.Cryptography;

namespace OpenClue.Server.Nclue.TaskRuns;

/// <summary>
/// The result object key of §1.9 and D19: a path ending in '/' is a folder (<c>nclue_{random}_{YYYYMMDDHH}.tsv</c>
/// inside it), anything else a prefix (<c>{path}_{random}_{YYYYMMDDHH}.tsv</c>).
/// </summary>
public static class ResultFileName
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string Create(string resultFilePath, string random, DateTimeOffset localTime)
    {
        var stamp = localTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);
        return resultFilePath.EndsWith('/')
            ? $"{resultFilePath}nclue_{random}_{stamp}.tsv"
            : $"{resultFilePath}_{random}_{stamp}.tsv";
    }

    /// <summary>Eight lower-case letters and digits.</summary>
    public static string NewRandom() => RandomNumberGenerator.GetString(Alphabet, 8);
}
