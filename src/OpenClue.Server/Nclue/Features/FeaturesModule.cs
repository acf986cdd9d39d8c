using OpenClue.Server.Platform.Jobs;

namespace OpenClue.Server.Nclue.Features;

public static class FeaturesModule
{
    /// <summary>The services, read path and job kind of this slice.</summary>
    public static IServiceCollection AddFeatures(this IServiceCollection services)
    {
        services.AddJobResource(FeatureTable.Reads);
        services.AddScoped<FeatureService>();
        services.AddJobKind<FeatureBuildJob>(JobKinds.Feature, new JobPolicy());
        return services;
    }
}
