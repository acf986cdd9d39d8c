namespace OpenClue.Cli.Config;

/// <summary>
/// The small INI dialect of <c>~/.openclue/config</c> (as in <c>~/.aws/credentials</c>): <c>[section]</c> headers,
/// <c>key = value</c> lines, <c>#</c> or <c>;</c> comments. Keys are case-insensitive; section order is kept.
/// </summary>
internal sealed class IniFile
{
    private readonly List<(string Name, Dictionary<string, string> Values)> _sections = [];

    public static IniFile Parse(string text)
    {
        var ini = new IniFile();
        Dictionary<string, string>? current = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            if (line[0] == '[' && line[^1] == ']')
            {
                current = ini.Section(line[1..^1].Trim());
                continue;
            }
            var equals = line.IndexOf('=');
            if (equals <= 0 || current is null) continue; // not a setting: ignored rather than fatal
            current[line[..equals].Trim()] = line[(equals + 1)..].Trim();
        }
        return ini;
    }

    public bool HasSection(string name) => _sections.Exists(s => s.Name == name);

    public IReadOnlyDictionary<string, string>? Find(string name) => _sections.Find(s => s.Name == name).Values;

    /// <summary>The section's values, created empty if missing.</summary>
    public Dictionary<string, string> Section(string name)
    {
        var existing = _sections.Find(s => s.Name == name).Values;
        if (existing is not null) return existing;
        var created = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        _sections.Add((name, created));
        return created;
    }

    public override string ToString() =>
        string.Join("\n", _sections.Select(s =>
            $"[{s.Name}]\n" + string.Concat(s.Values.Select(v => $"{v.Key} = {v.Value}\n"))));
}
