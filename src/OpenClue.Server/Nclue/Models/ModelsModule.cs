using OpenClue.Server.Platform.Jobs;

namespace OpenClue.Server.Nclue.Models;

public static class ModelsModule
{
    /// <summary>The services, read path and job kind of this slice.</summary>
    public static IServiceCollection AddModels(this IServiceCollection services)
    {
        services.AddJobResource(ModelTable.Reads);
        services.AddScoped<ModelService>();
        services.AddScoped<ModelCatalog>();
        services.AddSingleton<EncoderProvider>();
        services.AddJobKind<ModelTrainingJob>(JobKinds.Model, new JobPolicy { Queue = JobQueues.Training });
        return services;
    }
}
