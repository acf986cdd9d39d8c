using System.Globalization;

namespace OpenClue.Server.WebConsole.Components.Shared;

/// <summary>Numbers as the console shows them.</summary>
public static class Format
{
    public static string Count(long? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "—";

    public static string Bytes(long? value)
    {
        if (value is not { } v) return "—";
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        double size = v;
        var unit = 0;
        while (size >= 1024 && unit < units.Length - 1) { size /= 1024; unit++; }
        return unit == 0 ? $"{v} B" : size.ToString(size < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " " + units[unit];
    }

    public static string Auroc(double? value) => value is { } v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "—";

    /// <summary>Where a file is, as <c>bucket/path</c>.</summary>
    public static string Location(string bucket, string path) => bucket + "/" + path.TrimStart('/');
}
