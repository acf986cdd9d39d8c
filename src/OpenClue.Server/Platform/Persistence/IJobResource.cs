namespace OpenClue.Server.Platform.Persistence;

/// <summary>A resource built by a job of the same id (features, tasks, task runs, models).</summary>
public interface IJobResource
{
    string Id { get; }
    string TenantId { get; }
    JobRecord Job { get; }
}
