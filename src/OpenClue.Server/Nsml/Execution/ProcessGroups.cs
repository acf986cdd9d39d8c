using System.Globalization;
using System.Runtime.InteropServices;

namespace OpenClue.Server.Nsml.Execution;

/// <summary>
/// Linux process groups through <c>/proc</c> and <c>kill(2)</c>: which processes belong to a group (a group is
/// identified by its leader's pid and start time, so a recycled pid is never mistaken for it), and signals to all.
/// </summary>
public static class ProcessGroups
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>Start time of a process in clock ticks since boot (field 22 of <c>/proc/pid/stat</c>), null if it is gone.</summary>
    public static long? StartTime(int pid) => Read(pid) is { } stat ? stat.StartTime : null;

    /// <summary>Live (not zombie) processes of group <paramref name="pgid"/> started no earlier than its leader.</summary>
    public static List<int> Members(int pgid, long leaderStart)
    {
        var members = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (Read(pid) is not { } stat || stat.Pgrp != pgid || stat.State == 'Z' || stat.StartTime < leaderStart) continue;
            members.Add(pid);
        }
        return members;
    }

    /// <summary>Signals every live member of the group (the group id, and each member for those that left it).</summary>
    public static int Signal(int pgid, long leaderStart, int signal)
    {
        var members = Members(pgid, leaderStart);
        if (members.Count > 0) Kill(-pgid, signal);
        foreach (var pid in members) Kill(pid, signal);
        return members.Count;
    }

    /// <summary>TERM, then KILL once <paramref name="grace"/> has passed; returns when no member is left (or after KILL plus 5 s).</summary>
    public static async Task TerminateAsync(int pgid, long leaderStart, TimeSpan grace)
    {
        if (Signal(pgid, leaderStart, SigTerm) == 0) return;
        if (await WaitGoneAsync(pgid, leaderStart, grace)) return;
        Signal(pgid, leaderStart, SigKill);
        await WaitGoneAsync(pgid, leaderStart, TimeSpan.FromSeconds(5));
    }

    public static async Task<bool> WaitGoneAsync(int pgid, long leaderStart, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (Members(pgid, leaderStart).Count == 0) return true;
            if (DateTime.UtcNow >= deadline) return false;
            await Task.Delay(50);
        }
    }

    private readonly record struct Stat(char State, int Pgrp, long StartTime);

    private static Stat? Read(int pid)
    {
        string text;
        try { text = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        // "pid (comm) state ppid pgrp session ... starttime(22) ..."; comm may hold spaces and parentheses.
        var close = text.LastIndexOf(')');
        if (close < 0) return null;
        var fields = text[(close + 2)..].Split(' ');
        if (fields.Length < 20) return null;
        return new Stat(fields[0][0], int.Parse(fields[2], CultureInfo.InvariantCulture), long.Parse(fields[19], CultureInfo.InvariantCulture));
    }
}
