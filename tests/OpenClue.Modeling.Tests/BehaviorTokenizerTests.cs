using OpenClue.Modeling.Text;

namespace OpenClue.Modeling.Tests;

public class BehaviorTokenizerTests
{
    private static string[] Tokens(string behavior)
    {
        var tokens = new List<string> { "existing" };
        int appended = BehaviorTokenizer.Tokenize(behavior, tokens);
        Assert.Equal(tokens.Count - 1, appended);
        Assert.Equal("existing", tokens[0]);
        return tokens.Skip(1).ToArray();
    }

    [Theory]
    [InlineData("search: dog food", new[] { "search", "dog", "food" })]
    [InlineData("click: Kibble 2KG", new[] { "click", "kibble", "2kg" })]
    [InlineData("view: SKU-12345_v2", new[] { "view", "sku", "12345", "v2" })]
    [InlineData("buy: item#000123 (x3)", new[] { "buy", "item", "000123", "x3" })]
    [InlineData("ＡＢＣ１２３", new[] { "abc123" })]      // full-width → ASCII (NFKC)
    [InlineData("5㎏", new[] { "5kg" })]                 // compatibility unit
    [InlineData("café au lait", new[] { "café", "au", "lait" })]
    [InlineData("  :: -- ", new string[0])]
    [InlineData("", new string[0])]
    public void EnglishAndIds(string behavior, string[] expected) => Assert.Equal(expected, Tokens(behavior));

    [Theory]
    [InlineData("검색: 강아지 사료", new[] { "검색", "강아지", "사료" })]
    [InlineData("구매: 아이폰15 케이스", new[] { "구매", "아이폰", "15", "케이스" })]
    [InlineData("ㅋㅋㅋ 좋아요", new[] { "ᄏᄏᄏ", "좋아요" })] // compatibility jamo → conjoining jamo (NFKC), still one word
    public void Korean(string behavior, string[] expected) => Assert.Equal(expected, Tokens(behavior));

    [Theory]
    [InlineData("東京タワー", new[] { "東京", "京タ", "タワ", "ワー" })]
    [InlineData("検索: 犬", new[] { "検索", "犬" })]
    [InlineData("ｶﾞｯｷ", new[] { "ガッ", "ッキ" })]          // half-width katakana → full-width (NFKC)
    [InlineData("iPhoneケース", new[] { "iphone", "ケー", "ース" })]
    [InlineData("コーヒー・豆", new[] { "コー", "ーヒ", "ヒー", "豆" })] // ・ separates
    public void JapaneseAndChineseBigrams(string behavior, string[] expected) => Assert.Equal(expected, Tokens(behavior));

    [Fact]
    public void IdeographsOutsideTheBmpFormBigramsOfWholeCharacters()
    {
        Assert.Equal(["𠀋𠀍", "𠀍語"], Tokens("𠀋𠀍語"));
    }

    [Fact]
    public void IsCultureInvariant()
    {
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("tr-TR");
            Assert.Equal(["istanbul", "title"], Tokens("ISTANBUL TITLE"));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
    }
}
