namespace OpenClue.Cli.Config;

/// <summary>
/// The small INI dialect of <c>~/.openclue/config</c> (as in <c>~/.aws/credentials</c>): <c>[section]</c> headers,
/// <c>key = value</c> lines, <c>#</c> or <c>;</c> comments. Keys are case-insensitive. The text is kept line by
/// line, so writing a value changes only its own line: comments, blank lines and order stay as the person left them.
/// </summary>
internal sealed class IniFile
{
    private readonly List<string> _lines;

    public IniFile() => _lines = [];

    private IniFile(List<string> lines) => _lines = lines;

    public static IniFile Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return new IniFile(lines);
    }

    public bool HasSection(string name) => HeaderOf(name) >= 0;

    /// <summary>The section's values, or null when there is no such section.</summary>
    public IReadOnlyDictionary<string, string>? Find(string name)
    {
        var header = HeaderOf(name);
        if (header < 0) return null;
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = header + 1; i < _lines.Count && !IsHeader(_lines[i], out _); i++)
            if (Setting(_lines[i]) is var (key, value)) values[key] = value;
        return values;
    }

    /// <summary>Sets <paramref name="key"/> in the section (created at the end if missing); null or blank removes it.</summary>
    public void Set(string section, string key, string? value)
    {
        var header = HeaderOf(section);
        if (header < 0)
        {
            if (string.IsNullOrWhiteSpace(value)) return;
            if (_lines.Count > 0 && _lines[^1].Trim().Length > 0) _lines.Add("");
            _lines.Add($"[{section}]");
            header = _lines.Count - 1;
        }
        var end = header + 1;
        var lastSetting = header;
        for (; end < _lines.Count && !IsHeader(_lines[end], out _); end++)
        {
            if (Setting(_lines[end]) is not var (name, _)) continue;
            lastSetting = end;
            if (!string.Equals(name, key, StringComparison.OrdinalIgnoreCase)) continue;
            if (string.IsNullOrWhiteSpace(value)) _lines.RemoveAt(end);
            else _lines[end] = $"{key} = {value.Trim()}";
            return;
        }
        if (!string.IsNullOrWhiteSpace(value)) _lines.Insert(lastSetting + 1, $"{key} = {value.Trim()}");
    }

    public override string ToString() => _lines.Count == 0 ? "" : string.Join('\n', _lines) + "\n";

    private int HeaderOf(string name) => _lines.FindIndex(l => IsHeader(l, out var n) && n == name);

    private static bool IsHeader(string raw, out string name)
    {
        var line = raw.Trim();
        var header = line.Length > 1 && line[0] == '[' && line[^1] == ']';
        name = header ? line[1..^1].Trim() : "";
        return header;
    }

    // A key = value line; comments, blanks and stray text are not settings (ignored rather than fatal).
    private static (string Key, string Value)? Setting(string raw)
    {
        var line = raw.Trim();
        if (line.Length == 0 || line[0] is '#' or ';') return null;
        var equals = line.IndexOf('=');
        return equals <= 0 ? null : (line[..equals].Trim(), line[(equals + 1)..].Trim());
    }
}
