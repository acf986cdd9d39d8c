namespace OpenClue.Server.Nclue.Profiles;

/// <summary>Where profiles keep what they build in the artifact store (counted in the tenant's quota, D22).</summary>
public static class ProfileArtifacts
{
    /// <summary>The download TSV of a shopping-intent profile.</summary>
    public static string ShoppingIntent(string tenant, string id) => $"{tenant}/profiles/{id}.tsv";

    /// <summary>
    /// The behaviour embeddings of a feature under one sentence encoder: kept in the feature's folder, so they go with the
    /// feature, and reused by every custom-attributes profile of that feature.
    /// </summary>
    public static string BehaviorEmbeddings(string tenant, string featureId, string encoderKey) =>
        $"{tenant}/features/{featureId}/embeddings-{encoderKey}.ocbe";
}
