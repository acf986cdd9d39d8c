using OpenClue.Modeling.Encoding;

namespace OpenClue.Server.Application;

/// <summary>The NCLUE models a tenant can build features with (D13). Today only the built-in <c>oc-hash-1</c>.</summary>
public static class ModelCatalog
{
    public const string Active = "active";
    public const string Deprecated = "deprecated";
    public const string DefaultModel = HashBehaviorEncoder.Name;

    public static string StatusOf(string modelName) => BehaviorEncoders.Find(modelName) is null ? Deprecated : Active;
}
