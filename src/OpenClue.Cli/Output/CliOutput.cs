using System.Text;
using System.Text.Json;
using Spectre.Console;

namespace OpenClue.Cli.Output;

/// <summary>
/// Where results and messages go. Results: stdout, as tables (a terminal), tab-separated lines (a pipe or file), or
/// JSON; with <c>--query</c>, only the selected values. Messages for the person: stdout with tables and TSV, stderr
/// with JSON, so stdout stays parseable. Status lines and errors: always stderr.
/// </summary>
internal sealed class CliOutput
{
    private readonly IAnsiConsole _stdout;
    private readonly TextWriter _out;
    private readonly JsonQuery? _query;

    public CliOutput(OutputFormat format, TextWriter stdout, TextWriter stderr, bool stdoutIsTerminal, bool stderrIsTerminal,
        JsonQuery? query = null)
    {
        Format = format;
        _out = stdout;
        _query = query;
        Error = stderr;
        StdoutIsTerminal = stdoutIsTerminal;
        StderrIsTerminal = stderrIsTerminal;
        // No escape codes in files and pipes.
        _stdout = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = stdoutIsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = stdoutIsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        // Redirected output has no width; do not wrap ids and paths at Spectre's default of 80 columns.
        if (!stdoutIsTerminal) _stdout.Profile.Width = 200;
    }

    public OutputFormat Format { get; }
    public TextWriter Error { get; }
    public bool StdoutIsTerminal { get; }
    public bool StderrIsTerminal { get; }
    public bool IsJson => Format == OutputFormat.Json;

    /// <summary>Whether the result is data for a program (JSON, TSV or a query), not a table for a person.</summary>
    public bool IsMachine => Format != OutputFormat.Table || _query is not null;

    /// <summary>A line for the person reading along (never part of the JSON result); never wrapped, so paths stay whole.</summary>
    public void Info(string text) => (IsJson || _query is not null ? Error : _out).WriteLine(text);

    /// <summary>A remark about the result, such as "no features yet": on stdout only for a person reading a table.</summary>
    public void Remark(string text) => (Format == OutputFormat.Table && _query is null ? _out : Error).WriteLine(text);

    /// <summary>One resource: JSON, <c>field TAB value</c> lines, or a two-column table of its fields.</summary>
    public void Resource(object record)
    {
        if (TryQuery(record) || TryJson(record)) return;
        var element = CliJson.ToElement(record);
        if (Format == OutputFormat.Tsv)
        {
            var text = new StringBuilder();
            foreach (var property in element.EnumerateObject()) text.Append(property.Name).Append('\t').Append(Cell(property.Value)).Append('\n');
            _out.Write(text.ToString());
            return;
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumn(new TableColumn("field").NoWrap()).AddColumn("value");
        foreach (var property in element.EnumerateObject())
            table.AddRow(Markup.Escape(property.Name), Markup.Escape(Text(property.Value)));
        _stdout.Write(table);
    }

    /// <summary>
    /// A list page: JSON (the whole page object), TSV (a header line, then one line per item), or a table of the
    /// chosen columns whose ids never wrap. An empty list says so (and how to make an item).
    /// </summary>
    public void List(object page, IReadOnlyCollection<object> items, IReadOnlyList<string> columns, string? caption, string emptyRemark)
    {
        if (TryQuery(page) || TryJson(page)) return;
        if (items.Count == 0)
        {
            Remark(emptyRemark);
            return;
        }
        var rows = items.Select(CliJson.ToElement).ToList();
        if (Format == OutputFormat.Tsv)
        {
            var text = new StringBuilder(string.Join('\t', columns)).Append('\n');
            foreach (var row in rows)
                text.AppendJoin('\t', columns.Select(c => row.TryGetProperty(c, out var v) ? Cell(v) : "")).Append('\n');
            _out.Write(text.ToString());
            return;
        }
        var cells = rows.Select(row => columns.Select(c => row.TryGetProperty(c, out var v) ? Text(v) : "").ToArray()).ToList();
        var shown = Fitting(columns, cells, _stdout.Profile.Width);
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns.Take(shown)) table.AddColumn(new TableColumn(column).NoWrap());
        foreach (var row in cells) table.AddRow(row.Take(shown).Select(Markup.Escape).ToArray());
        if (shown < columns.Count)
            caption = $"{(caption is null ? "" : caption + "; ")}{string.Join(", ", columns.Skip(shown))} hidden: widen the terminal, or use -o tsv";
        if (caption is not null) table.Caption(Markup.Escape(caption));
        var needed = Width(columns.Take(shown).ToList(), cells);
        // Ids are copied into the next command: never wrap a cell. Columns that do not fit are left out (from the
        // right); if even the first two do not fit, the table is drawn at its natural width and the terminal folds it.
        var width = _stdout.Profile.Width;
        if (needed > width) _stdout.Profile.Width = needed;
        _stdout.Write(table);
        _stdout.Profile.Width = width;
    }

    private static int Fitting(IReadOnlyList<string> columns, List<string[]> cells, int width)
    {
        var shown = columns.Count;
        while (shown > 2 && Width(columns.Take(shown).ToList(), cells) > width) shown--;
        return shown;
    }

    // A rounded table: "│ " before each cell, " " after, and the closing "│".
    private static int Width(IReadOnlyList<string> columns, List<string[]> cells)
    {
        var total = 1;
        for (var c = 0; c < columns.Count; c++)
        {
            var widest = DisplayWidth(columns[c]);
            foreach (var row in cells) widest = Math.Max(widest, DisplayWidth(row[c]));
            total += widest + 3;
        }
        return total;
    }

    /// <summary>An action's outcome: a sentence for people (tables and TSV), the record for JSON and <c>--query</c>.</summary>
    public void Done(object record, string sentence)
    {
        if (TryQuery(record) || TryJson(record)) return;
        _out.WriteLine(sentence);
    }

    /// <summary>The result as JSON (or the query's selection of it), whatever the format.</summary>
    public void Json(object value)
    {
        if (!TryQuery(value)) _out.WriteLine(CliJson.Serialize(value));
    }

    /// <summary>Spectre renderables (charts, extra tables) in table mode.</summary>
    public void Write(Spectre.Console.Rendering.IRenderable renderable) => _stdout.Write(renderable);

    private bool TryJson(object value)
    {
        if (!IsJson) return false;
        _out.WriteLine(CliJson.Serialize(value));
        return true;
    }

    private bool TryQuery(object value)
    {
        if (_query is null) return false;
        var matches = _query.Select(CliJson.ToElement(value));
        if (IsJson) _out.WriteLine(matches.Count == 1 ? CliJson.Serialize(matches[0]) : CliJson.Serialize(matches));
        else _out.Write(JsonQuery.Lines(matches));
        return true;
    }

    // Terminal cells: East Asian wide characters (Hangul, CJK, full-width forms) take two.
    private static int DisplayWidth(string text)
    {
        var width = 0;
        foreach (var c in text)
            width += c is >= '\u1100' and <= '\u115F' or >= '\u2E80' and <= '\uA4CF' or >= '\uAC00' and <= '\uD7A3'
                or >= '\uF900' and <= '\uFAFF' or >= '\uFF00' and <= '\uFF60' or >= '\uFFE0' and <= '\uFFE6' ? 2 : 1;
        return width;
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => "-",
        JsonValueKind.String => value.GetString()!,
        _ => value.GetRawText(),
    };

    // A TSV cell: empty for null, and no tab or line break that would split the row.
    private static string Cell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => "",
        JsonValueKind.String => value.GetString()!.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' '),
        _ => value.GetRawText(),
    };
}
