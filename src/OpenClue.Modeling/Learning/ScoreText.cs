using System.Globalization;

namespace OpenClue.Modeling.Learning;

/// <summary>The text of a score in a task run's result: 6 decimals, invariant culture (D19).</summary>
internal static class ScoreText
{
    /// <summary>Longest text <see cref="WriteF6"/> writes.</summary>
    public const int MaxBytes = 32;

    /// <summary>
    /// Writes <paramref name="p"/> as UTF-8 exactly as <c>p.TryFormat(…, "F6", CultureInfo.InvariantCulture)</c> does and
    /// returns the byte count. For p in [0, 1] (every probability) the digits come from round(p·10⁶): p·10⁶ is within
    /// 10⁻¹⁰ of the exact product, so unless its fraction is within 10⁻⁶ of ½ that rounding is the one of the exact
    /// value; the rare near-ties and anything else go through the framework's formatter.
    /// </summary>
    public static int WriteF6(double p, Span<byte> destination)
    {
        double scaled = p * 1e6;
        double whole = Math.Floor(scaled);
        double fraction = scaled - whole;
        if (p >= 0 && p <= 1 && !double.IsNegative(p) && Math.Abs(fraction - 0.5) > 1e-6 && destination.Length >= 8)
        {
            int micros = (int)whole + (fraction > 0.5 ? 1 : 0);
            if (micros >= 1_000_000)
            {
                "1.000000"u8.CopyTo(destination);
                return 8;
            }
            destination[0] = (byte)'0';
            destination[1] = (byte)'.';
            for (int i = 7; i >= 2; i--)
            {
                int next = micros / 10;
                destination[i] = (byte)('0' + (micros - 10 * next));
                micros = next;
            }
            return 8;
        }
        if (!p.TryFormat(destination, out int written, "F6", CultureInfo.InvariantCulture))
            throw new ArgumentException("Destination too short.", nameof(destination));
        return written;
    }
}
