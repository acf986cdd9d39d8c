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
        // Longer than eight chars: runs, double spaces, tabs and case changes across the eight-char blocks of the scan.
        "view: item 1232518 topten essential wool coat free size", "ABCDEFGH ijklmnop QRSTUVWX", "abcdefg  hijklmno",
        "1234567\t89abcdef", "한글한글한글한글abcdefgh한글", "abcdefgh한글ABCDEFGH", "       x        ", "abcdefgh ",
        "search: 나이키 러닝화 추천 asics running shoes GEL-KAYANO 30", "a,b.c/d-e_f:g;h!i?j@k#l$m%n^o&p*q(r)s",
        "café crème brûlée and more text", "0123456789012345678901234567890123456789",
    ];

    /// <summary>Random behaviours of 8–60 chars over ASCII letters, digits, separators, whitespace and syllables
    /// (every tenth with a char that leaves the one-pass path).</summary>
    public static TheoryData<string> RandomBehaviors()
    {
        const string alphabet = "aZm09 :-\t한글 x";
        var random = new Random(18);
        var data = new TheoryData<string>();
        for (int i = 0; i < 200; i++)
        {
            var chars = new char[random.Next(8, 61)];
            for (int c = 0; c < chars.Length; c++) chars[c] = alphabet[random.Next(alphabet.Length)];
            if (i % 10 == 0) chars[random.Next(chars.Length)] = 'É';
            data.Add(new string(chars));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Behaviors))]
    [MemberData(nameof(RandomBehaviors))]
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
