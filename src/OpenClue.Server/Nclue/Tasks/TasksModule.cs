using OpenClue.Server.Platform.Artifacts;
using OpenClue.Server.Platform.Jobs;

namespace OpenClue.Server.Nclue.Tasks;

public static class TasksModule
{
    /// <summary>The <c>jobs.kind</c> of this slice's resources.</summary>
    public const string JobKind = "task";

    /// <summary>The services, read path and job kind of this slice.</summary>
    public static IServiceCollection AddTasks(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, TasksJsonContext.Default));
        services.AddJobResource(TaskTable.Reads);
        services.AddScoped<TaskService>();
        services.AddJobKind<TaskTrainingJob>(TasksModule.JobKind, new JobPolicy { Queue = JobQueues.Training, Artifacts = ArtifactKeys.TaskModel });
        return services;
    }
}
