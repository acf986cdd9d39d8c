using Microsoft.EntityFrameworkCore;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Nclue.Profiles;

/// <summary>The delete rules profiles add to their inputs (§1.5, D11): an active profile holds its feature or task.</summary>
public static class ProfileDependents
{
    /// <summary>A custom-attributes profile of the feature, or a shopping intent reading its users, is registered, pending or in progress.</summary>
    public static async Task<bool> AnyActiveOnFeatureAsync(OpenClueDbContext db, string featureId, CancellationToken ct) =>
        await db.Set<CustomAttributeProfileRecord>().AnyAsync(p => p.FeatureId == featureId && JobStatus.Active.Contains(p.Job.Status), ct) ||
        await db.Set<ShoppingIntentProfileRecord>().AnyAsync(p => p.FeatureId == featureId && JobStatus.Active.Contains(p.Job.Status), ct);

    /// <summary>A shopping-intent profile of the task is registered, pending or in progress.</summary>
    public static Task<bool> AnyActiveOnTaskAsync(OpenClueDbContext db, string taskId, CancellationToken ct) =>
        db.Set<ShoppingIntentProfileRecord>().AnyAsync(p => p.TaskId == taskId && JobStatus.Active.Contains(p.Job.Status), ct);
}
