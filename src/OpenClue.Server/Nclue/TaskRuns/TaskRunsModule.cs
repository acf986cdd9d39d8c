using OpenClue.Server.Platform.Artifacts;
using OpenClue.Server.Platform.Jobs;

namespace OpenClue.Server.Nclue.TaskRuns;

public static class TaskRunsModule
{
    /// <summary>The <c>jobs.kind</c> of this slice's resources.</summary>
    public const string JobKind = "task_run";

    /// <summary>The services, read path and job kind of this slice.</summary>
    public static IServiceCollection AddTaskRuns(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, TaskRunsJsonContext.Default));
        services.AddJobResource(TaskRunTable.Reads);
        services.AddScoped<TaskRunService>();
        services.AddSingleton<TaskModelCache>();
        services.AddJobKind<TaskRunJob>(TaskRunsModule.JobKind, new JobPolicy { Artifacts = ArtifactKeys.RunFolder });
        return services;
    }
}
