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
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns)
        {
            var header = new TableColumn(column);
            // Ids, names and times are copied into the next command: keep each on one line.
            if (!column.EndsWith("_path", StringComparison.Ordinal)) header.NoWrap();
            table.AddColumn(header);
        }
        foreach (var row in rows)
            table.AddRow(columns.Select(c => Markup.Escape(row.TryGetProperty(c, out var v) ? Text(v) : "")).ToArray());
        if (caption is not null) table.Caption(Markup.Escape(caption));
        _stdout.Write(table);
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
