using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenClue.Server.Nclue.Features;

/// <summary>
/// Source-generated JSON for this slice's responses: serialization code written at build time instead of reflection
/// walked per property at run time; names come from the contracts' attributes, so the bodies are the same bytes.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(FeatureCreated))]
[JsonSerializable(typeof(FeatureView))]
[JsonSerializable(typeof(FeatureList))]
[JsonSerializable(typeof(FeatureDeleted))]
public sealed partial class FeaturesJsonContext : JsonSerializerContext;
