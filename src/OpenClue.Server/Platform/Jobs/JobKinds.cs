namespace OpenClue.Server.Platform.Jobs;

public static class JobKinds
{
    public const string Feature = "feature";
    public const string Task = "task";
    public const string TaskRun = "task_run";
    public const string Model = "model";
}
