using OpenClue.Server.Platform.Artifacts;
using OpenClue.Server.Platform.Jobs;

namespace OpenClue.Server.Nclue.Models;

public static class ModelsModule
{
    /// <summary>The <c>jobs.kind</c> of this slice's resources.</summary>
    public const string JobKind = "model";

    /// <summary>The services, read path and job kind of this slice.</summary>
    public static IServiceCollection AddModels(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ModelsJsonContext.Default));
        services.AddJobResource(ModelTable.Reads);
        services.AddScoped<ModelService>();
        services.AddScoped<ModelCatalog>();
        services.AddSingleton<EncoderProvider>();
        services.AddJobKind<ModelTrainingJob>(ModelsModule.JobKind, new JobPolicy { Queue = JobQueues.Training, Artifacts = ArtifactKeys.Model });
        return services;
    }
}
