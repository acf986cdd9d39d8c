using System.Text.Json.Serialization;

namespace OpenClue.Server.WebConsole;

/// <summary>A piece of an NSML run's log for the page's live tail: the text, the byte offset after it, the run's status.</summary>
public sealed record ConsoleLogTail(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("next")] long Next,
    [property: JsonPropertyName("status")] string Status);
