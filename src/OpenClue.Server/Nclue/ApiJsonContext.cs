using System.Text.Json;
using System.Text.Json.Serialization;
using OpenClue.Server.Nclue.Features;
using OpenClue.Server.Nclue.Models;
using OpenClue.Server.Nclue.TaskRuns;
using OpenClue.Server.Nclue.Tasks;

namespace OpenClue.Server.Nclue;

/// <summary>
/// Source-generated JSON for the response contracts: serialization code written at build time instead of
/// reflection-built metadata walked per property at run time. Names come from the contracts' attributes, so the
/// bodies are the same bytes; types not listed here still fall back to the reflection resolver.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(FeatureCreated))]
[JsonSerializable(typeof(FeatureView))]
[JsonSerializable(typeof(FeatureList))]
[JsonSerializable(typeof(FeatureDeleted))]
[JsonSerializable(typeof(TaskCreated))]
[JsonSerializable(typeof(TaskView))]
[JsonSerializable(typeof(TaskList))]
[JsonSerializable(typeof(TaskDeleted))]
[JsonSerializable(typeof(TaskRunCreated))]
[JsonSerializable(typeof(TaskRunView))]
[JsonSerializable(typeof(TaskRunList))]
[JsonSerializable(typeof(TaskRunDeleted))]
[JsonSerializable(typeof(ModelCreated))]
[JsonSerializable(typeof(ModelView))]
[JsonSerializable(typeof(ModelList))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
