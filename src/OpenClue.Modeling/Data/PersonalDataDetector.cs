using System.Buffers;
using System.Text.RegularExpressions;

namespace OpenClue.Modeling.Data;

/// <summary>
/// Detects personal data (rule D17) anywhere in a text: Korean resident registration numbers, Korean mobile numbers,
/// e-mail addresses, payment card numbers (Luhn-checked), Korean passport and driver-licence numbers.
/// <para>Number patterns must stand alone: they may not touch an ASCII letter, digit or underscore on either side, so
/// longer digit runs (a 20-digit item id) and ids such as <c>u000123</c> or <c>sku9001011234567</c> do not match,
/// while Korean text glued to a number (<c>010-1234-5678로</c>) still does.</para>
/// </summary>
public static partial class PersonalDataDetector
{
    // Shared "stands alone" guards: not next to [A-Za-z0-9_].
    private const string Before = @"(?<![A-Za-z0-9_])";
    private const string After = @"(?![A-Za-z0-9_])";

    private static readonly SearchValues<char> Triggers = SearchValues.Create("0123456789@");

    /// <summary>YYMMDD, optional hyphen, gender/century digit 1–8, six digits; month 01–12 and day 01–31.</summary>
    [GeneratedRegex(Before + @"\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])-?[1-8]\d{6}" + After, RegexOptions.CultureInvariant)]
    private static partial Regex ResidentRegistrationNumber();

    /// <summary>010/011/016/017/018/019, optional '-' or ' ' separators, 10–11 digits in total.</summary>
    [GeneratedRegex(Before + @"01[016789][- ]?\d{3,4}[- ]?\d{4}" + After, RegexOptions.CultureInvariant)]
    private static partial Regex MobileNumber();

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex EmailAddress();

    /// <summary>Korean passport: one of M S R O D G then eight digits (upper case only).</summary>
    [GeneratedRegex(Before + @"[MSRODG]\d{8}" + After, RegexOptions.CultureInvariant)]
    private static partial Regex PassportNumber();

    /// <summary>Korean driver licence: NN-NN-NNNNNN-NN.</summary>
    [GeneratedRegex(Before + @"\d{2}-\d{2}-\d{6}-\d{2}" + After, RegexOptions.CultureInvariant)]
    private static partial Regex DriverLicenceNumber();

    /// <summary>13–19 digits, optionally grouped by single spaces or hyphens; confirmed by <see cref="PassesLuhn"/>.</summary>
    [GeneratedRegex(Before + @"\d(?:[- ]?\d){12,18}" + After, RegexOptions.CultureInvariant)]
    private static partial Regex CardNumberCandidate();

    /// <summary>True when <paramref name="text"/> contains any of the personal-data patterns.</summary>
    public static bool Contains(ReadOnlySpan<char> text)
    {
        // Every pattern needs a digit or '@': skip the regexes for most behaviour text.
        if (text.IndexOfAny(Triggers) < 0) return false;
        if (ResidentRegistrationNumber().IsMatch(text)
            || MobileNumber().IsMatch(text)
            || EmailAddress().IsMatch(text)
            || PassportNumber().IsMatch(text)
            || DriverLicenceNumber().IsMatch(text))
            return true;
        foreach (ValueMatch match in CardNumberCandidate().EnumerateMatches(text))
        {
            if (PassesLuhn(text.Slice(match.Index, match.Length))) return true;
        }
        return false;
    }

    /// <summary>
    /// True when any of the first <paramref name="maxLines"/> lines within the first <paramref name="maxChars"/>
    /// decoded characters of the stream (gzip detected by magic bytes, UTF-8 BOM ignored, invalid bytes tolerated)
    /// contains personal data. Bounded by characters as well as lines, so a file of one huge line (or a gzip bomb) costs
    /// at most about <paramref name="maxChars"/> of reading: a line reaching past it ends the scan unjudged (the job reads
    /// the whole file and applies the line limit). The stream is left open.
    /// Throws <see cref="DatasetException"/> (UNEXPECTED_FILE_TYPE) for corrupt gzip data.
    /// </summary>
    public static bool ScanHead(Stream stream, int maxLines = 10_000, int maxChars = 16 << 20)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(maxLines);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxChars);
        var limits = new DatasetLimits(maxChars, 0, 0);
        using DatasetLineReader reader = DatasetLineReader.Open(stream, sourceName: null, strict: false, leaveOpen: true, limits);
        long scanned = 0;
        try
        {
            for (int i = 0; i < maxLines && scanned < maxChars && reader.ReadLine(); i++)
            {
                if (Contains(reader.CurrentLine)) return true;
                scanned += reader.CurrentLine.Length + 1;
            }
        }
        catch (DatasetException e) when (e.FailMessage == FailMessages.UnexpectedTxtFormat)
        {
            // A line longer than the scan's budget: stop here.
        }
        return false;
    }

    /// <summary>Luhn (mod 10) check over the digits of <paramref name="candidate"/>, ignoring separators.</summary>
    internal static bool PassesLuhn(ReadOnlySpan<char> candidate)
    {
        int sum = 0;
        bool doubleIt = false;
        for (int i = candidate.Length - 1; i >= 0; i--)
        {
            char c = candidate[i];
            if (!char.IsDigit(c)) continue; // \d also matches e.g. full-width digits
            int digit = (int)char.GetNumericValue(c);
            if (doubleIt)
            {
                digit *= 2;
                if (digit > 9) digit -= 9;
            }
            sum += digit;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }
}
