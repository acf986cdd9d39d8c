using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenClue.Server.Nclue.Profiles;

/// <summary>Source-generated JSON for the profile contracts (as ApiJsonContext for the other resources).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CustomAttributesCreated))]
[JsonSerializable(typeof(CustomAttributesView))]
[JsonSerializable(typeof(CustomAttributesList))]
[JsonSerializable(typeof(ShoppingIntentCreated))]
[JsonSerializable(typeof(ShoppingIntentView))]
[JsonSerializable(typeof(ShoppingIntentList))]
[JsonSerializable(typeof(ProfileDeleted))]
public sealed partial class ProfilesJsonContext : JsonSerializerContext;
