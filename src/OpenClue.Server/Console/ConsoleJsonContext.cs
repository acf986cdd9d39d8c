using System.Text.Json.Serialization;
using OpenClue.Server.Nclue.Tasks;

namespace OpenClue.Server.WebConsole;

/// <summary>Source-generated JSON for what the console reads and writes itself.</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(TaskReport))]
internal sealed partial class ConsoleJsonContext : JsonSerializerContext;
