using System.Buffers;
using System.Text;

namespace OpenClue.Modeling.Text;

/// <summary>NFKC + invariant lower-casing into a pooled buffer (ASCII skips normalisation: it is already NFKC).</summary>
internal static class TextNormalizer
{
    /// <summary>
    /// Returns the NFKC-normalised, invariant-lower-cased text; it lives in <paramref name="buffer"/>, which is rented
    /// from <see cref="ArrayPool{T}.Shared"/> (or grown) as needed — the caller returns it with <see cref="Return"/>.
    /// </summary>
    public static ReadOnlySpan<char> ToLowerNfkc(ReadOnlySpan<char> text, ref char[]? buffer)
    {
        if (Ascii.IsValid(text))
        {
            Ensure(ref buffer, text.Length);
            Ascii.ToLower(text, buffer, out int written);
            return buffer.AsSpan(0, written);
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
        Span<char> lower = buffer.AsSpan(normalizedLength, normalizedWritten);
        buffer.AsSpan(0, normalizedWritten).ToLowerInvariant(lower);
        return lower;
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
