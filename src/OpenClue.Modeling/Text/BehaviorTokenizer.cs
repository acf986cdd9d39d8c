using System.Text;

namespace OpenClue.Modeling.Text;

/// <summary>
/// Splits one behaviour (e.g. <c>"click: Kibble 2kg"</c>) into tokens for Korean, Japanese/Chinese, English and ids.
/// <para><b>What a token is.</b> The behaviour is NFKC-normalised (full-width → ASCII, half-width kana → full-width,
/// <c>㎏</c> → <c>kg</c>) and lower-cased with the invariant culture. It is then cut into maximal runs of one
/// character class; everything that is not a letter, digit or combining mark (spaces, <c>: - _ / . ,</c>, symbols,
/// emoji) separates runs, and a change of class also ends a run. The classes and what each run emits:</para>
/// <list type="bullet">
/// <item><b>Hangul</b> (syllables and jamo): the whole run is one token — a Korean word (eojeol): <c>"사료 구매"</c> →
/// <c>사료</c>, <c>구매</c>.</item>
/// <item><b>Kana / Han</b> (hiragana, katakana, CJK ideographs, 々): overlapping character bigrams, because Japanese and
/// Chinese have no spaces; a one-character run emits that character: <c>"東京タワー"</c> → <c>東京</c>, <c>京タ</c>,
/// <c>タワ</c>, <c>ワー</c>.</item>
/// <item><b>Other letters and digits</b> (Latin, Cyrillic, digits, …): the whole run is one token, so ids and units stay
/// intact: <c>"kibble 2kg"</c> → <c>kibble</c>, <c>2kg</c>; <c>"sku-12345"</c> → <c>sku</c>, <c>12345</c>;
/// <c>"아이폰15"</c> → <c>아이폰</c>, <c>15</c>.</item>
/// </list>
/// Deterministic and culture-invariant.
/// </summary>
public static class BehaviorTokenizer
{
    private enum CharClass : byte { Separator, Word, Hangul, Cjk }

    /// <summary>Appends the tokens of one behaviour to <paramref name="tokens"/>; returns how many were appended.</summary>
    public static int Tokenize(ReadOnlySpan<char> behavior, List<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var sink = new ListSink(tokens);
        return Tokenize(behavior, ref sink);
    }

    /// <summary>Span-based core: feeds each token to <paramref name="sink"/>; returns the token count.</summary>
    internal static int Tokenize<TSink>(ReadOnlySpan<char> behavior, ref TSink sink) where TSink : struct, ITokenSink
    {
        char[]? buffer = null;
        try
        {
            ReadOnlySpan<char> text = TextNormalizer.ToLowerNfkc(behavior, ref buffer);
            return TokenizeNormalized(text, ref sink);
        }
        finally
        {
            TextNormalizer.Return(ref buffer);
        }
    }

    /// <summary>Tokenises text already normalised by <see cref="TextNormalizer.ToLowerNfkc"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static int TokenizeNormalized<TSink>(ReadOnlySpan<char> text, ref TSink sink) where TSink : struct, ITokenSink
    {
        int count = 0;
        int runStart = 0;
        CharClass runClass = CharClass.Separator;
        int position = 0;
        while (position < text.Length)
        {
            char c = text[position];
            CharClass cls;
            int width = 1;
            if (c < 0x80) cls = AsciiClass(c); // never a combining mark
            else if ((uint)(c - 0xAC00) <= 0xD7A3 - 0xAC00) cls = CharClass.Hangul;
            else
            {
                Rune.DecodeFromUtf16(text[position..], out Rune rune, out width);
                cls = Classify(rune);
                // Combining marks continue whatever run they follow.
                if (cls == CharClass.Separator && runClass != CharClass.Separator && IsMark(rune)) cls = runClass;
            }
            if (cls != runClass)
            {
                if (runClass != CharClass.Separator) count += EmitRun(text[runStart..position], runClass, ref sink);
                runClass = cls;
                runStart = position;
            }
            position += width;
        }
        if (runClass != CharClass.Separator) count += EmitRun(text[runStart..], runClass, ref sink);
        return count;
    }

    private static int EmitRun<TSink>(ReadOnlySpan<char> run, CharClass cls, ref TSink sink) where TSink : struct, ITokenSink
    {
        if (cls != CharClass.Cjk)
        {
            sink.Accept(run);
            return 1;
        }

        // Character bigrams over runes (ideographs outside the BMP are surrogate pairs).
        Rune.DecodeFromUtf16(run, out _, out int firstWidth);
        if (firstWidth == run.Length)
        {
            sink.Accept(run);
            return 1;
        }
        int count = 0;
        int start = 0;
        int secondStart = firstWidth;
        while (secondStart < run.Length)
        {
            Rune.DecodeFromUtf16(run[secondStart..], out _, out int secondWidth);
            sink.Accept(run[start..(secondStart + secondWidth)]);
            count++;
            start = secondStart;
            secondStart += secondWidth;
        }
        return count;
    }

    private static CharClass AsciiClass(int v) => (CharClass)AsciiClasses[v];

    /// <summary>Class of each ASCII char: letters and digits are <see cref="CharClass.Word"/> (1), the rest separators (0).</summary>
    internal static ReadOnlySpan<byte> AsciiClasses =>
    [
        0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
        0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,0,
        0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,
        0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,
    ];

    private static CharClass Classify(Rune rune)
    {
        int v = rune.Value;
        if (v < 0x80) return AsciiClass(v);
        if ((v >= 0xAC00 && v <= 0xD7A3) || (v >= 0x1100 && v <= 0x11FF) || (v >= 0x3130 && v <= 0x318F)
            || (v >= 0xA960 && v <= 0xA97F) || (v >= 0xD7B0 && v <= 0xD7FF))
            return CharClass.Hangul;
        if ((v >= 0x3040 && v <= 0x30FF) || (v >= 0x31F0 && v <= 0x31FF) // hiragana, katakana (incl. ー)
            || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0xF900 && v <= 0xFAFF)
            || (v >= 0x20000 && v <= 0x3FFFF) || v == 0x3005 || v == 0x3007)
            return rune.Value is 0x30A0 or 0x30FB ? CharClass.Separator : CharClass.Cjk; // ゠ and ・ are punctuation
        return Rune.IsLetterOrDigit(rune) ? CharClass.Word : CharClass.Separator;
    }

    private static bool IsMark(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.NonSpacingMark
            or System.Globalization.UnicodeCategory.SpacingCombiningMark;

    private readonly struct ListSink(List<string> tokens) : ITokenSink
    {
        public void Accept(ReadOnlySpan<char> token) => tokens.Add(new string(token));
    }
}
