using System.Globalization;
using System.Text;
using System.Text.Json;
using OpenClue.Cli.Errors;

namespace OpenClue.Cli.Output;

/// <summary>
/// <c>--query</c>: a path into the JSON result in JSONPath or jq style — <c>$.features[*].feature_id</c>,
/// <c>.features[].feature_id</c>, <c>features[0].status</c>, <c>status</c>, <c>["AUROC"]</c>. Wildcards collect
/// every match; a name or index that does not exist matches nothing.
/// </summary>
internal sealed class JsonQuery
{
    private abstract record Step;
    private sealed record Name(string Value) : Step;
    private sealed record Index(int Value) : Step;
    private sealed record Wildcard : Step;

    private readonly IReadOnlyList<Step> _steps;

    private JsonQuery(IReadOnlyList<Step> steps) => _steps = steps;

    public string Text { get; private init; } = "";

    public static JsonQuery Parse(string text)
    {
        var steps = new List<Step>();
        var i = 0;
        if (text.StartsWith('$')) i = 1;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '.')
            {
                i++;
                if (i < text.Length && text[i] == '*')
                {
                    steps.Add(new Wildcard());
                    i++;
                }
                else if (i < text.Length && text[i] != '.' && text[i] != '[') steps.Add(new Name(ReadName(text, ref i)));
            }
            else if (c == '[')
            {
                var end = text.IndexOf(']', i);
                if (end < 0) throw Invalid(text, "a '[' is not closed");
                var inside = text[(i + 1)..end].Trim();
                i = end + 1;
                if (inside is "" or "*") steps.Add(new Wildcard());
                else if (inside.Length >= 2 && inside[0] is '"' or '\'' && inside[^1] == inside[0]) steps.Add(new Name(inside[1..^1]));
                else if (int.TryParse(inside, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index)) steps.Add(new Index(index));
                else throw Invalid(text, $"'[{inside}]' is neither an index, *, nor a quoted name");
            }
            else if (steps.Count == 0 && i == (text.StartsWith('$') ? 1 : 0)) steps.Add(new Name(ReadName(text, ref i)));
            else throw Invalid(text, $"unexpected '{c}' at position {i + 1}");
        }
        return new JsonQuery(steps) { Text = text };
    }

    private static string ReadName(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && text[i] is not ('.' or '[')) i++;
        return text[start..i];
    }

    private static CliException Invalid(string text, string why) =>
        CliException.Usage($"The query '{text}' is not valid: {why}. Examples: features[*].feature_id, .status, $.tasks[0].AUROC");

    public List<JsonElement> Select(JsonElement root)
    {
        var current = new List<JsonElement> { root };
        foreach (var step in _steps)
        {
            var next = new List<JsonElement>();
            foreach (var element in current)
            {
                switch (step)
                {
                    case Name name when element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name.Value, out var value):
                        next.Add(value);
                        break;
                    case Index index when element.ValueKind == JsonValueKind.Array:
                        var at = index.Value < 0 ? element.GetArrayLength() + index.Value : index.Value;
                        if (at >= 0 && at < element.GetArrayLength()) next.Add(element[at]);
                        break;
                    case Wildcard when element.ValueKind == JsonValueKind.Array:
                        next.AddRange(element.EnumerateArray());
                        break;
                    case Wildcard when element.ValueKind == JsonValueKind.Object:
                        next.AddRange(element.EnumerateObject().Select(p => p.Value));
                        break;
                }
            }
            current = next;
        }
        return current;
    }

    /// <summary>One line per match, strings unquoted (as <c>jq -r</c>), objects and arrays as compact JSON.</summary>
    public static string Lines(IEnumerable<JsonElement> matches)
    {
        var text = new StringBuilder();
        foreach (var match in matches)
            text.Append(match.ValueKind == JsonValueKind.String ? match.GetString() : match.GetRawText()).Append('\n');
        return text.ToString();
    }
}
