namespace OpenClue.Server.Nclue.Profiles;

/// <summary>
/// How a keyword set is kept: the trimmed keywords joined by <c>\n</c> (so a keyword may itself contain a comma); the API
/// shows them comma-separated (§1.10).
/// </summary>
public static class StoredKeywords
{
    public static string ToCommaSeparated(string stored) => string.Join(',', Split(stored));

    public static string[] Split(string stored) => stored.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
