using OpenClue.Server.Platform.Jobs;

namespace OpenClue.Server.Nclue.Profiles;

/// <summary>Registration of the profile resources: services, reads, job handlers, the encoder, and the routes.</summary>
public static class ProfilesModule
{
    public static IServiceCollection AddProfiles(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ProfileOptions>(configuration.GetSection(ProfileOptions.Section));
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ProfilesJsonContext.Default));
        services.AddSingleton<CustomAttributeQueries>();
        services.AddSingleton<ShoppingIntentQueries>();
        services.AddScoped<CustomAttributeService>();
        services.AddScoped<ShoppingIntentService>();
        services.AddSingleton<SentenceEncoder>();
        services.AddScoped<BehaviorEmbeddings>();
        services.AddScoped<IJobHandler, CustomAttributeJob>();
        services.AddScoped<IJobHandler, ShoppingIntentJob>();
        return services;
    }

    public static void MapProfilesApi(this IEndpointRouteBuilder routes)
    {
        routes.MapCustomAttributesApi();
        routes.MapShoppingIntentsApi();
    }
}
