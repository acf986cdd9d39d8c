using System.Globalization;

namespace OpenClue.Server.Nsml.Execution;

/// <summary>
/// This worker's record, on its own machine, of the process groups it started and has not seen end: what a
/// restarted worker kills, whatever the database says about the nodes by then (failed, or re-queued by a retry).
/// </summary>
public sealed class ProcessLedger(string path)
{
    private readonly object _lock = new();

    public void Add(int pgid, long start) => Change(lines => lines.Add(Line(pgid, start)));

    public void Remove(int pgid, long start) => Change(lines => lines.Remove(Line(pgid, start)));

    public IReadOnlyList<(int Pgid, long Start)> Entries()
    {
        lock (_lock)
        {
            var list = new List<(int, long)>();
            foreach (var line in ReadLines())
            {
                var parts = line.Split('\t');
                if (parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var pgid) &&
                    long.TryParse(parts[1], CultureInfo.InvariantCulture, out var start))
                    list.Add((pgid, start));
            }
            return list;
        }
    }

    public void Clear() => Change(lines => lines.Clear());

    private void Change(Action<List<string>> change)
    {
        lock (_lock)
        {
            var lines = ReadLines();
            change(lines);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = path + ".tmp";
            File.WriteAllLines(temporary, lines);
            File.Move(temporary, path, overwrite: true);
        }
    }

    private List<string> ReadLines() => File.Exists(path) ? File.ReadAllLines(path).Where(l => l.Length > 0).ToList() : [];

    private static string Line(int pgid, long start) => string.Create(CultureInfo.InvariantCulture, $"{pgid}\t{start}");
}
