using System.Text;
using OpenClue.Modeling.Encoding;
using OpenClue.Modeling.Text;

namespace OpenClue.Modeling.Tests;

/// <summary>
/// The parser's one-pass path for ASCII and Hangul text must give the hashes, token texts and whole-behaviour hash of
/// the general path: <see cref="BehaviorTokenizer.Tokenize(ReadOnlySpan{char}, List{string})"/> on the NFKC lower-cased
/// text, each token's UTF-8 hashed, and the whitespace-collapsed text's UTF-8 hashed.
/// </summary>
public class BehaviorParserTests
{
    public static TheoryData<string> Behaviors =>
    [
        "view: item 4367430 폴로 울트라 니트 베이지", "Click:  Item  7 MONTBELL", " lead space", "trail space ", "tab\there",
        "UPPER한글MIX123abc", "a", "", "  ", "x\ry\nz\vw\fv", "아이폰15 케이스", "sku-12345/abc.def,ghi",
        "search: 나이키 러닝화 추천", "café é", "spaced   out\u3000word", "東京タワー", "ＡＢＣ", "Z",
        "mixed 한 a 글 b", "-->--", "::", "12 34  56",
    ];

    [Theory]
    [MemberData(nameof(Behaviors))]
    public void ParsesLikeTheTokenizerAndHasher(string behavior)
    {
        var user = new ParsedUser();
        new BehaviorParser().Parse(["first behaviour", behavior], user);

        string lower = behavior.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var tokens = new List<string>();
        BehaviorTokenizer.Tokenize(behavior, tokens);
        Assert.Equal(tokens.Count, user.TokenStart[1] - user.TokenStart[0]);
        for (int t = 0; t < tokens.Count; t++)
        {
            Assert.Equal(XxHash32.Hash(System.Text.Encoding.UTF8.GetBytes(tokens[t]), BehaviorParser.TokenSeed), user.Tokens[t]);
            Assert.Equal(tokens[t], user.TokenText(t).ToString());
        }

        string collapsed = string.Join(' ', lower.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(collapsed.Length > 0, user.HasWhole[0]);
        if (collapsed.Length > 0)
            Assert.Equal(XxHash32.Hash(System.Text.Encoding.UTF8.GetBytes(collapsed), BehaviorParser.BehaviorSeed), user.WholeHash[0]);
    }
}
