using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenClue.Server.Nclue.Buckets;

/// <summary>Source-generated JSON for this slice's responses (see FeaturesJsonContext).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ObjectView))]
[JsonSerializable(typeof(ObjectList))]
[JsonSerializable(typeof(ObjectDeleted))]
public sealed partial class BucketsJsonContext : JsonSerializerContext;
