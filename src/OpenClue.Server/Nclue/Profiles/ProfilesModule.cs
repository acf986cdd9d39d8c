using OpenClue.Server.Platform.Jobs;

namespace OpenClue.Server.Nclue.Profiles;

/// <summary>The profiles slice (§1.10, §1.11): custom attributes and shopping intents.</summary>
public static class ProfilesModule
{
    /// <summary>The <c>jobs.kind</c> of custom-attributes profiles.</summary>
    public const string CustomAttributesKind = "custom_attributes";

    /// <summary>The <c>jobs.kind</c> of shopping-intent profiles.</summary>
    public const string ShoppingIntentKind = "shopping_intent";

    /// <summary>The services, read paths, job kinds and sentence encoder of this slice.</summary>
    public static IServiceCollection AddProfiles(this IServiceCollection services)
    {
        services.AddOptions<ProfileOptions>().BindConfiguration(ProfileOptions.Section);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ProfilesJsonContext.Default));
        services.AddJobResource(CustomAttributeProfileTable.Reads);
        services.AddJobResource(ShoppingIntentProfileTable.Reads);
        services.AddScoped<CustomAttributeService>();
        services.AddScoped<ShoppingIntentService>();
        services.AddSingleton<SentenceEncoder>();
        services.AddScoped<BehaviorEmbeddings>();
        services.AddJobKind<CustomAttributeJob>(CustomAttributesKind, new JobPolicy());
        services.AddJobKind<ShoppingIntentJob>(ShoppingIntentKind, new JobPolicy());
        return services;
    }

    public static IEndpointRouteBuilder MapProfilesApi(this IEndpointRouteBuilder routes)
    {
        routes.MapCustomAttributesApi();
        routes.MapShoppingIntentsApi();
        return routes;
    }
}
