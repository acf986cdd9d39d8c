namespace OpenClue.Client.Contracts;

/// <summary>A resource created as an asynchronous job (§1.4): it has a status and, if it failed, a message.</summary>
public interface IJobResource
{
    string Id { get; }
    string Name { get; }
    string Status { get; }
    string? FailMessage { get; }

    /// <summary>Why it failed, in a sentence naming the file, line and value (OpenClue's additive field; null from NCLUE).</summary>
    string? FailDetails { get; }

    /// <summary>Whole percent done, when the server knows it (OpenClue's additive field; null from NCLUE or while unknown).</summary>
    int? Progress { get; }

    /// <summary>What the percent counts ("12.3 MB of 48.0 MB read"), when the server says.</summary>
    string? ProgressDetail { get; }
}
