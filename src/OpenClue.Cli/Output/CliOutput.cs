using System.Text.Json;
using Spectre.Console;

namespace OpenClue.Cli.Output;

/// <summary>
/// Where results and messages go. Results: stdout, as tables or (with <c>--output json</c>) as JSON only.
/// Messages for the person: stdout in table mode, stderr in JSON mode, so stdout stays parseable.
/// Status lines and errors: always stderr.
/// </summary>
internal sealed class CliOutput
{
    private readonly IAnsiConsole _stdout;
    private readonly TextWriter _out;

    public CliOutput(OutputFormat format, TextWriter stdout, TextWriter stderr, bool stdoutIsTerminal, bool stderrIsTerminal)
    {
        Format = format;
        _out = stdout;
        Error = stderr;
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
    public bool StderrIsTerminal { get; }
    public bool IsJson => Format == OutputFormat.Json;

    /// <summary>A line for the person reading along (never part of the JSON result); never wrapped, so paths stay whole.</summary>
    public void Info(string text) => (IsJson ? Error : _out).WriteLine(text);

    /// <summary>One resource: JSON, or a two-column table of its fields.</summary>
    public void Resource(object record)
    {
        if (IsJson)
        {
            Json(record);
            return;
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumn("field").AddColumn("value");
        foreach (var property in CliJson.ToElement(record).EnumerateObject())
            table.AddRow(Markup.Escape(property.Name), Markup.Escape(Text(property.Value)));
        _stdout.Write(table);
    }

    /// <summary>A list page: JSON (the whole page object), or a table of the chosen columns.</summary>
    public void List(object page, IEnumerable<object> items, IReadOnlyList<string> columns, string? caption = null)
    {
        if (IsJson)
        {
            Json(page);
            return;
        }
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns) table.AddColumn(column);
        foreach (var item in items)
        {
            var element = CliJson.ToElement(item);
            table.AddRow(columns.Select(c => Markup.Escape(element.TryGetProperty(c, out var v) ? Text(v) : "")).ToArray());
        }
        if (caption is not null) table.Caption(Markup.Escape(caption));
        _stdout.Write(table);
    }

    public void Json(object value) => _out.WriteLine(CliJson.Serialize(value));

    /// <summary>Spectre renderables (charts, extra tables) in table mode.</summary>
    public void Write(Spectre.Console.Rendering.IRenderable renderable) => _stdout.Write(renderable);

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => "-",
        JsonValueKind.String => value.GetString()!,
        _ => value.GetRawText(),
    };
}
