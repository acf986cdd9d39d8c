using OpenClue.Server.Platform.Jobs;

namespace OpenClue.Server.Nclue.TaskRuns;

public static class TaskRunsModule
{
    /// <summary>The services, read path and job kind of this slice.</summary>
    public static IServiceCollection AddTaskRuns(this IServiceCollection services)
    {
        services.AddJobResource(TaskRunTable.Reads);
        services.AddScoped<TaskRunService>();
        services.AddSingleton<TaskModelCache>();
        services.AddJobKind<TaskRunJob>(JobKinds.TaskRun, new JobPolicy());
        return services;
    }
}
