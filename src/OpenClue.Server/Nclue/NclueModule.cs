using OpenClue.Server.Nclue.Buckets;
using OpenClue.Server.Nclue.Features;
using OpenClue.Server.Nclue.Http;
using OpenClue.Server.Nclue.Models;
using OpenClue.Server.Nclue.Profiles;
using OpenClue.Server.Nclue.TaskRuns;
using OpenClue.Server.Nclue.Tasks;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Http;

namespace OpenClue.Server.Nclue;

/// <summary>The NCLUE API (<c>/api/v1</c>): its error format (D5), its slices, and its routes behind signature v2.</summary>
public static class NclueModule
{
    public const string PathPrefix = "/api";

    /// <summary>Registers the NCLUE slices; every role needs them (the api admits jobs by their policies, workers run them).</summary>
    public static IServiceCollection AddNclue(this IServiceCollection services)
    {
        services.AddApiErrorSurface(PathPrefix, new NclueErrorWriter());
        services.Configure<SignatureV2Options>(SignedRequests.Scheme, o => o.GuardedPrefixes.Add(PathPrefix));
        services.AddScoped<InputChecks>();
        services.AddFeatures().AddTasks().AddTaskRuns().AddModels().AddProfiles().AddBuckets();
        return services;
    }

    public static IEndpointRouteBuilder MapNclue(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("").RequireAuthorization(SignedRequests.TenantPolicy);
        api.MapFeaturesApi();
        api.MapTasksApi();
        api.MapTaskRunsApi();
        api.MapModelsApi();
        api.MapProfilesApi();
        api.MapBucketObjectsApi();
        return routes;
    }
}
