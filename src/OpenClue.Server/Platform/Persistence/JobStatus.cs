namespace OpenClue.Server.Platform.Persistence;

public static class JobStatus
{
    public const string Registered = "registered";
    public const string Pending = "pending";
    public const string InProgress = "in_progress";
    public const string Completed = "completed";
    public const string Failed = "failed";

    /// <summary>The statuses in which a job still holds its inputs (usable in queries: <c>Active.Contains(x)</c>).</summary>
    public static readonly string[] Active = [Registered, Pending, InProgress];

    public static bool IsActive(string status) => status is Registered or Pending or InProgress;
    public static bool IsTerminal(string status) => status is Completed or Failed;
}
