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
}
