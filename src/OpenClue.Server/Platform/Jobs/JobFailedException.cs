namespace OpenClue.Server.Platform.Jobs;

/// <summary>Ends a job as failed with a documented fail message (§4).</summary>
public sealed class JobFailedException(string failMessage, string detail) : Exception(detail)
{
    public string FailMessage { get; } = failMessage;
}
