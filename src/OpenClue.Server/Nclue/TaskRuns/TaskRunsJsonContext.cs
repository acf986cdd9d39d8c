using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenClue.Server.Nclue.TaskRuns;

/// <summary>
/// Source-generated JSON for this slice's responses: serialization code written at build time instead of reflection
/// walked per property at run time; names come from the contracts' attributes, so the bodies are the same bytes.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TaskRunCreated))]
[JsonSerializable(typeof(TaskRunView))]
[JsonSerializable(typeof(TaskRunList))]
[JsonSerializable(typeof(TaskRunDeleted))]
public sealed partial class TaskRunsJsonContext : JsonSerializerContext;
