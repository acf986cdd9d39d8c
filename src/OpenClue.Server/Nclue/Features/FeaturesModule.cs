using OpenClue.Server.Platform.Artifacts;
using OpenClue.Server.Platform.Jobs;

namespace OpenClue.Server.Nclue.Features;

public static class FeaturesModule
{
    /// <summary>The <c>jobs.kind</c> of this slice's resources.</summary>
    public const string JobKind = "feature";

    /// <summary>The services, read path and job kind of this slice.</summary>
    public static IServiceCollection AddFeatures(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, FeaturesJsonContext.Default));
        services.AddJobResource(FeatureTable.Reads);
        services.AddScoped<FeatureService>();
        services.AddJobKind<FeatureBuildJob>(FeaturesModule.JobKind, new JobPolicy { Artifacts = ArtifactKeys.FeatureFolder });
        return services;
    }
}
