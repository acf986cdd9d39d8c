namespace OpenClue.Server.Nsml.Runs;

/// <summary>Run states (N2) and run types.</summary>
public static class RunStates
{
    public const string Pending = "RUN_STATE_PENDING";
    public const string InProgress = "RUN_STATE_IN_PROGRESS";
    public const string Completed = "RUN_STATE_COMPLETED";
    public const string Failed = "RUN_STATE_FAILED";
    public const string Stopped = "RUN_STATE_STOPPED";

    public static readonly IReadOnlyList<string> All = [Pending, InProgress, Completed, Failed, Stopped];

    public const string Notebook = "NOTEBOOK";
    public const string Training = "TRAINING";

    public static bool IsActive(string status) => status is Pending or InProgress;
}
