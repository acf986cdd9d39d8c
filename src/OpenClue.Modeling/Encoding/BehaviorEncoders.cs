namespace OpenClue.Modeling.Encoding;

/// <summary>Registry of the built-in encoders by model name, and loader of learned models.</summary>
public static class BehaviorEncoders
{
    private static readonly HashBehaviorEncoder Hash = new();

    /// <summary>The built-in (training-free) encoder named <paramref name="modelName"/> (exact, case-sensitive), or null.</summary>
    public static IBehaviorEncoder? FindBuiltIn(string modelName) => modelName switch
    {
        HashBehaviorEncoder.Name => Hash,
        _ => null,
    };

    /// <summary>Names of the built-in models: <c>["oc-hash-1"]</c>.</summary>
    public static IReadOnlyList<string> BuiltInNames { get; } = [HashBehaviorEncoder.Name];

    /// <summary>
    /// Loads a learned model from the bytes of <see cref="BehaviorModelArtifact.Bytes"/>. The artifact records the name it was
    /// trained under; it must equal <paramref name="modelName"/>. Throws <see cref="InvalidDataException"/> when corrupt.
    /// </summary>
    public static IBehaviorEncoder Load(string modelName, ReadOnlySpan<byte> artifact)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        return LearnedBehaviorEncoder.Deserialize(modelName, artifact);
    }
}
