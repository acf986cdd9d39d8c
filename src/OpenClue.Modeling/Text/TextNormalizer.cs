using System.Buffers;
using System.Text;

namespace OpenClue.Modeling.Text;

/// <summary>NFKC + invariant lower-casing into a pooled buffer.</summary>
internal static class TextNormalizer
{
    private const char HangulFirst = '\uAC00', HangulLast = '\uD7A3';

    /// <summary>
    /// Returns the NFKC-normalised, invariant-lower-cased text; it lives in <paramref name="buffer"/>, which is rented
    /// from <see cref="ArrayPool{T}.Shared"/> (or grown) as needed — the caller returns it with <see cref="Return"/>
    /// (or keeps reusing it).
    /// <para>Fast path: text made only of ASCII and precomposed Hangul syllables is already NFKC (a syllable recomposes
    /// to itself and only conjoining jamo could combine with it) and only its ASCII letters have a lower case, so it
    /// skips ICU.</para>
    /// </summary>
    public static ReadOnlySpan<char> ToLowerNfkc(ReadOnlySpan<char> text, ref char[]? buffer) => ToLowerNfkc(text, ref buffer, out _);

    /// <summary>As above; <paramref name="isAscii"/> tells that the result is all ASCII (then its UTF-8 is its chars).</summary>
    public static ReadOnlySpan<char> ToLowerNfkc(ReadOnlySpan<char> text, ref char[]? buffer, out bool isAscii)
    {
        isAscii = Ascii.IsValid(text);
        if (isAscii || IsAsciiOrHangulSyllables(text))
        {
            Ensure(ref buffer, text.Length);
            Span<char> lower = buffer.AsSpan(0, text.Length);
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                lower[i] = (uint)(c - 'A') <= 'Z' - 'A' ? (char)(c | 0x20) : c;
            }
            return lower;
        }

        int normalizedLength;
        try
        {
            normalizedLength = text.GetNormalizedLength(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            // Ill-formed UTF-16 (lone surrogate) cannot be normalised: lower-case it as is.
            Ensure(ref buffer, text.Length);
            int n = text.ToLowerInvariant(buffer);
            return buffer.AsSpan(0, n);
        }

        Ensure(ref buffer, normalizedLength * 2);
        text.TryNormalize(buffer.AsSpan(0, normalizedLength), out int normalizedWritten, NormalizationForm.FormKC);
        Span<char> lowerNormalized = buffer.AsSpan(normalizedLength, normalizedWritten);
        buffer.AsSpan(0, normalizedWritten).ToLowerInvariant(lowerNormalized);
        return lowerNormalized;
    }

    private static bool IsAsciiOrHangulSyllables(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
            if (c >= 0x80 && (uint)(c - HangulFirst) > HangulLast - HangulFirst) return false;
        return true;
    }

    public static void Return(ref char[]? buffer)
    {
        if (buffer is not null) ArrayPool<char>.Shared.Return(buffer);
        buffer = null;
    }

    private static void Ensure(ref char[]? buffer, int length)
    {
        if (buffer is not null && buffer.Length >= length) return;
        if (buffer is not null) ArrayPool<char>.Shared.Return(buffer);
        buffer = ArrayPool<char>.Shared.Rent(Math.Max(length, 256));
    }
}
