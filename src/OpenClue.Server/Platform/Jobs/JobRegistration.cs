using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Platform.Jobs;

public static class JobRegistration
{
    /// <summary>
    /// Declares a job kind: its handler (scoped, resolved by kind for each run, shard and finish) and its policy.
    /// </summary>
    public static IServiceCollection AddJobKind<THandler>(this IServiceCollection services, string kind, JobPolicy policy)
        where THandler : class, IJobHandler
    {
        services.AddKeyedScoped<IJobHandler, THandler>(kind);
        services.AddSingleton(new JobKind(kind, policy, typeof(THandler)));
        return services;
    }

    /// <summary>The generic read path of a job-backed resource: <see cref="ResourceQueries{T}"/> over its table.</summary>
    public static IServiceCollection AddJobResource<T>(this IServiceCollection services, ResourceTable<T> table) where T : class, IJobResource
    {
        services.AddSingleton(table);
        services.AddSingleton<ResourceQueries<T>>();
        return services;
    }
}
