namespace OpenClue.Client.Contracts;

/// <summary>The lifecycle of every job-backed resource (§1.4, D11): registered → pending → in_progress → completed | failed.</summary>
public static class JobStatus
{
    public const string Registered = "registered";
    public const string Pending = "pending";
    public const string InProgress = "in_progress";
    public const string Completed = "completed";
    public const string Failed = "failed";

    public static bool IsFinished(string status) => status is Completed or Failed;
}
