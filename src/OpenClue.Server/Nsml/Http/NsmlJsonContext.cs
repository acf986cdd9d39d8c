using System.Text.Json.Serialization;
using OpenClue.Server.Nsml.Catalog;
using OpenClue.Server.Nsml.Images;
using OpenClue.Server.Nsml.Keys;
using OpenClue.Server.Nsml.Projects;
using OpenClue.Server.Nsml.Runs;
using OpenClue.Server.Nsml.Storage;

namespace OpenClue.Server.Nsml.Http;

/// <summary>NSML's JSON: camelCase as documented (§7), source-generated, nulls written (documented fields are always present).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ProjectCreated))]
[JsonSerializable(typeof(ProjectListResponse))]
[JsonSerializable(typeof(ProjectDetail))]
[JsonSerializable(typeof(ProjectNas))]
[JsonSerializable(typeof(ProjectDeleted))]
[JsonSerializable(typeof(RunCreated))]
[JsonSerializable(typeof(RunListResponse))]
[JsonSerializable(typeof(RunDetail))]
[JsonSerializable(typeof(NodeListResponse))]
[JsonSerializable(typeof(RunChanged))]
[JsonSerializable(typeof(ServerProductsResponse))]
[JsonSerializable(typeof(ImageListResponse))]
[JsonSerializable(typeof(BlockStorageListResponse))]
[JsonSerializable(typeof(AuthKeyCreated))]
[JsonSerializable(typeof(AuthKeyListResponse))]
[JsonSerializable(typeof(AuthKeyDeleted))]
[JsonSerializable(typeof(RegistryCreated))]
[JsonSerializable(typeof(DockerCredentialsResponse))]
[JsonSerializable(typeof(RegistryDeleted))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyList<int>))]
public sealed partial class NsmlJsonContext : JsonSerializerContext
{
    /// <summary>The context every NSML body uses: like the server's other JSON, without HTML-escaping of <c>&lt;</c>, <c>&amp;</c>, quotes.</summary>
    public static NsmlJsonContext Relaxed { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
