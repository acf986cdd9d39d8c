using OpenClue.Modeling.Encoding;
using OpenClue.Modeling.Features;
using OpenClue.Modeling.Text;

namespace OpenClue.Modeling.Profiles;

/// <summary>
/// A custom-attributes keyword set (§1.10): keywords separated by <c>\n</c>, at most <see cref="MaxCharacters"/>
/// characters in all; blank lines are ignored and each keyword is trimmed. All keywords count together (AND).
/// </summary>
public sealed class KeywordSet
{
    public const int MaxCharacters = 1000;

    private KeywordSet(IReadOnlyList<string> keywords) => Keywords = keywords;

    public IReadOnlyList<string> Keywords { get; }

    /// <summary>The keywords as the API returns them: comma-separated (§1.10).</summary>
    public string CommaSeparated => string.Join(',', Keywords);

    /// <summary>Parses a keyword set; null with a reason when it is empty or longer than <see cref="MaxCharacters"/> characters (code points).</summary>
    public static KeywordSet? TryParse(string? text, out string error)
    {
        error = "";
        if (text is null || string.IsNullOrWhiteSpace(text))
        {
            error = "The keyword set is empty: give at least one keyword, keywords separated by \\n.";
            return null;
        }
        int characters = 0;
        foreach (var _ in text.EnumerateRunes()) characters++;
        if (characters > MaxCharacters)
        {
            error = $"The keyword set has {characters} characters; at most {MaxCharacters} are allowed.";
            return null;
        }
        var keywords = new List<string>();
        foreach (var line in text.Split('\n'))
        {
            var keyword = line.Trim();
            if (keyword.Length > 0) keywords.Add(keyword);
        }
        return new KeywordSet(keywords);
    }

    /// <summary>Reads back a stored comma-separated set (what <see cref="CommaSeparated"/> produced).</summary>
    public static KeywordSet FromStored(IReadOnlyList<string> keywords) => new(keywords);

    /// <summary>Token name keys (<see cref="SparseFeatures.KindToken"/>) of all keywords with how often each occurs.</summary>
    public Dictionary<uint, int> TokenKeys()
    {
        var keys = new Dictionary<uint, int>();
        var hasher = new BehaviorHasher();
        var tokens = new List<string>();
        foreach (var keyword in Keywords)
        {
            tokens.Clear();
            BehaviorTokenizer.Tokenize(keyword, tokens);
            foreach (var token in tokens)
            {
                uint key = SparseFeatures.MakeId(SparseFeatures.KindToken, hasher.HashToken(token));
                keys[key] = keys.GetValueOrDefault(key) + 1;
            }
        }
        return keys;
    }

    public override string ToString() => CommaSeparated;
}
