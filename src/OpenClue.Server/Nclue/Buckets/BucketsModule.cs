namespace OpenClue.Server.Nclue.Buckets;

public static class BucketsModule
{
    /// <summary>The object endpoints' service and JSON; no job kind: every operation finishes within its request.</summary>
    public static IServiceCollection AddBuckets(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, BucketsJsonContext.Default));
        services.AddScoped<BucketObjectService>();
        return services;
    }
}
