using Microsoft.EntityFrameworkCore;
using OpenClue.Server.Nsml.Catalog;
using OpenClue.Server.Nsml.Execution;
using OpenClue.Server.Nsml.Http;
using OpenClue.Server.Nsml.Images;
using OpenClue.Server.Nsml.Keys;
using OpenClue.Server.Nsml.Persistence;
using OpenClue.Server.Nsml.Projects;
using OpenClue.Server.Nsml.Runs;
using OpenClue.Server.Nsml.Storage;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Http;

namespace OpenClue.Server.Nsml;

/// <summary>CLOVA NSML on OpenClue (issue 12): its services, its node agent (in processes that run jobs) and its routes.</summary>
public static class NsmlModule
{
    public static IServiceCollection AddNsml(this IServiceCollection services, IConfiguration configuration, ServerRole role)
    {
        var server = configuration.GetSection(OpenClueOptions.Section).Get<OpenClueOptions>() ?? new OpenClueOptions();
        var data = DataDirectory.FromOptions(server);
        var database = MetadataDatabase.From(server, data);
        var options = configuration.GetSection(NsmlOptions.Section).Get<NsmlOptions>() ?? new NsmlOptions();
        if (options.Slots < 1) throw new InvalidOperationException("OpenClue:Nsml:Slots must be at least 1.");
        if (options.MaxAttempts < 1) throw new InvalidOperationException("OpenClue:Nsml:MaxAttempts must be at least 1.");
        if (options.LogBytesPerNode < 1024) throw new InvalidOperationException("OpenClue:Nsml:LogBytesPerNode must be at least 1024.");
        services.AddSingleton(options);
        services.AddApiErrorSurface(NsmlEndpoints.PathPrefix, new NsmlErrorWriter());
        services.Configure<SignatureV2Options>(SignedRequests.Scheme, o => o.GuardedPrefixes.Add(NsmlEndpoints.PathPrefix));
        services.AddSingleton(new ProductCatalog(options));
        services.AddSingleton<NsmlClock>();
        services.AddSingleton(new Workspaces(options.WorkspaceRoot is { Length: > 0 } root ? root : Path.Combine(data.Root, "nsml", "workspaces")));
        services.AddSingleton<NsmlWakeup>();
        var identity = WorkerIdentity.From(options, data.Root);
        services.AddSingleton(identity);
        services.AddDbContextFactory<NsmlDbContext>(database.Configure);
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<NsmlDbContext>>().CreateDbContext());
        services.AddSingleton<RunLogStore>();
        services.AddScoped<ProjectService>();
        services.AddScoped<RunService>();
        services.AddScoped<AuthKeyService>();
        services.AddScoped<RegistryService>();

        if (!role.RunsJobs()) return services;
        switch (options.Executor)
        {
            case "process":
                services.AddSingleton(new ProcessLedger(Path.Combine(data.Root, "nsml", "ledger", identity.Name + ".tsv")));
                services.AddSingleton<INodeExecutor, ProcessExecutor>();
                break;
            case "docker":
                services.AddSingleton<INodeExecutor, DockerExecutor>();
                break;
            default:
                throw new InvalidOperationException($"OpenClue:Nsml:Executor must be 'process' or 'docker', not '{options.Executor}'.");
        }
        services.AddHostedService<NodeAgent>();
        return services;
    }

    public static void MapNsml(this IEndpointRouteBuilder routes)
    {
        var nsml = routes.MapNsmlGroup();
        nsml.MapProjectsApi();
        nsml.MapRunsApi();
        nsml.MapCatalogApi();
        nsml.MapImageRepositoriesApi();
        nsml.MapAuthKeysApi();
        nsml.MapBlockStorageApi();
    }
}
