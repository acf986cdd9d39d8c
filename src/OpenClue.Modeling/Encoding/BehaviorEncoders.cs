namespace OpenClue.Modeling.Encoding;

/// <summary>Registry of the built-in encoders by model name.</summary>
public static class BehaviorEncoders
{
    private static readonly HashBehaviorEncoder Hash = new();

    /// <summary>The encoder for <paramref name="modelName"/> (exact, case-sensitive), or null when unknown.</summary>
    public static IBehaviorEncoder? Find(string modelName) => modelName switch
    {
        HashBehaviorEncoder.Name => Hash,
        _ => null,
    };

    /// <summary>Names accepted by <see cref="Find"/>.</summary>
    public static IReadOnlyList<string> ModelNames { get; } = [HashBehaviorEncoder.Name];
}
