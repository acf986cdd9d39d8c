using System.Text;

namespace OpenClue.Modeling.Text;

/// <summary>
/// Whitespace questions asked of valid UTF-8 with the answers the same text gives as UTF-16: whitespace is
/// <see cref="char.IsWhiteSpace(char)"/> of each UTF-16 unit (so a supplementary code point never is), which is what
/// <see cref="MemoryExtensions.Trim(ReadOnlySpan{char})"/> and <see cref="MemoryExtensions.IsWhiteSpace"/> use. ASCII is
/// answered byte by byte; only a non-ASCII edge is decoded.
/// </summary>
internal static class Utf8Text
{
    /// <summary><paramref name="text"/> without leading and trailing whitespace.</summary>
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text)
    {
        int start = 0;
        while (start < text.Length)
        {
            int width = WhiteSpaceWidthAt(text[start..]);
            if (width == 0) break;
            start += width;
        }
        int end = text.Length;
        while (end > start)
        {
            int width = WhiteSpaceWidthBefore(text[start..end]);
            if (width == 0) break;
            end -= width;
        }
        return text[start..end];
    }

    /// <summary>True when <paramref name="text"/> is empty or only whitespace.</summary>
    public static bool IsWhiteSpace(ReadOnlySpan<byte> text) => Trim(text).IsEmpty;

    /// <summary>Bytes of the whitespace character <paramref name="text"/> starts with; 0 when it starts with another.</summary>
    private static int WhiteSpaceWidthAt(ReadOnlySpan<byte> text)
    {
        byte b = text[0];
        if (b < 0x80) return char.IsWhiteSpace((char)b) ? 1 : 0;
        Rune.DecodeFromUtf8(text, out Rune rune, out int width);
        return rune.IsBmp && char.IsWhiteSpace((char)rune.Value) ? width : 0;
    }

    /// <summary>Bytes of the whitespace character <paramref name="text"/> ends with; 0 when it ends with another.</summary>
    private static int WhiteSpaceWidthBefore(ReadOnlySpan<byte> text)
    {
        byte b = text[^1];
        if (b < 0x80) return char.IsWhiteSpace((char)b) ? 1 : 0;
        Rune.DecodeLastFromUtf8(text, out Rune rune, out int width);
        return rune.IsBmp && char.IsWhiteSpace((char)rune.Value) ? width : 0;
    }
}
