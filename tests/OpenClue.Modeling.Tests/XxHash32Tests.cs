using OpenClue.Modeling.Encoding;

namespace OpenClue.Modeling.Tests;

public class XxHash32Tests
{
    // Reference values from the xxHash specification's implementation.
    [Theory]
    [InlineData("", 0u, 0x02CC5D05u)]
    [InlineData("a", 0u, 0x550D7456u)]
    [InlineData("abc", 0u, 0x32D153FFu)]
    [InlineData("Nobody inspects the spammish repetition", 0u, 0xE2293B2Fu)]
    public void MatchesReferenceImplementation(string input, uint seed, uint expected) =>
        Assert.Equal(expected, XxHash32.Hash(System.Text.Encoding.UTF8.GetBytes(input), seed));

    [Fact]
    public void AsciiCharsHashLikeTheirBytes()
    {
        const string text = "Nobody inspects the spammish repetition: sku-12345 KIBBLE 2kg ~!@#";
        for (int length = 0; length <= text.Length; length++)
            foreach (uint seed in new[] { 0u, 0x6F630001u })
            {
                string s = text[..length];
                Assert.Equal(XxHash32.Hash(System.Text.Encoding.ASCII.GetBytes(s), seed), XxHash32.HashAscii(s, seed));
            }
    }

    [Fact]
    public void InlineWhiteSpaceTestAgreesWithCharIsWhiteSpace()
    {
        for (int c = 0; c <= char.MaxValue; c++)
            Assert.True(char.IsWhiteSpace((char)c) == BehaviorHasher.IsWhiteSpace((char)c), $"U+{c:X4}");
    }
}
