using System.Diagnostics;

namespace OpenClue.Console.Tests;

/// <summary>
/// A fact that drives Debian's Chromium: skipped with the reason printed when it is not installed and <c>CI</c> is not
/// <c>true</c>; under <c>CI=true</c> it always runs, so a Chromium that cannot start fails the run.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public ChromiumFactAttribute()
    {
        if (IsCi || Missing() is not { } reason) return;
        Skip = $"Browser test skipped: {reason}. (With CI=true this fails instead.)";
        System.Console.WriteLine(Skip);
    }

    /// <summary>Why Chromium cannot run here, or null when it answers <c>--version</c>.</summary>
    public static string? Missing()
    {
        if (!File.Exists(ChromiumPath)) return $"{ChromiumPath} was not found: `apt-get install -y chromium`";
        try
        {
            using var version = Process.Start(new ProcessStartInfo(ChromiumPath, "--version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            return version.WaitForExit(20_000) && version.ExitCode == 0 ? null : $"{ChromiumPath} --version did not succeed";
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return $"{ChromiumPath} could not be started: {ex.Message}";
        }
    }
}
