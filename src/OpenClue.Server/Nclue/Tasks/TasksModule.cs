using OpenClue.Server.Platform.Jobs;

namespace OpenClue.Server.Nclue.Tasks;

public static class TasksModule
{
    /// <summary>The services, read path and job kind of this slice.</summary>
    public static IServiceCollection AddTasks(this IServiceCollection services)
    {
        services.AddJobResource(TaskTable.Reads);
        services.AddScoped<TaskService>();
        services.AddJobKind<TaskTrainingJob>(JobKinds.Task, new JobPolicy { Queue = JobQueues.Training });
        return services;
    }
}
