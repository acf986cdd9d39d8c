using Microsoft.EntityFrameworkCore;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Persistence;
using OpenClue.Server.Platform.Storage;
using OpenClue.Server.Platform.Storage.S3;
using Quartz;

namespace OpenClue.Server.Platform.Http;

/// <summary>Unsigned service endpoints: what this is (<c>GET /</c>) and whether it is healthy (<c>GET /healthz</c>, D24).</summary>
public static class ServiceApi
{
    public static IEndpointRouteBuilder MapServiceApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", () => TypedResults.Ok(new
        {
            name = "OpenClue",
            description = "Self-hosted, API-compatible NCLUE (behaviour features, tasks, task runs).",
            version = ServerInfo.Version,
            api = "/api/v1",
            openapi = "/openapi/v1.json",
            health = "/healthz",
            metrics = "/metrics",
        })).ExcludeFromDescription();
        routes.MapMethods("/healthz", ["GET", "HEAD"], Health).ExcludeFromDescription();
        return routes;
    }

    private static async Task<IResult> Health(OpenClueDbContext db, ISchedulerFactory schedulers, OpenClueOptions options,
        ProcessRole process, DataDirectory data, Storage.IObjectStorage storage, CancellationToken ct)
    {
        var database = await Check(async () => await db.Database.CanConnectAsync(ct) && await db.Jobs.AnyAsync(ct) is var _);
        var jobStore = await Check(async () =>
        {
            // Not the request's token: the first call builds the scheduler (schema check under the store's locks, slow
            // while other processes start), and a client giving up must not abort that half-way, again and again.
            var scheduler = await schedulers.GetScheduler(CancellationToken.None);
            var meta = await scheduler.GetMetadata(ct);
            // An api process never starts its scheduler: it only writes jobs into the shared store.
            return meta.JobStorePersistent && (process.Role.RunsJobs() ? meta.Status == SchedulerStatus.Running : meta.Status != SchedulerStatus.Shutdown);
        });
        var objectStorage = await Check(async () => Storage.S3.S3Uri.IsS3(options.ArtifactStore)
            ? await storage.BucketExistsAsync(Storage.S3.S3Uri.Parse(options.ArtifactStore).Bucket, ct)
            : Directory.Exists(data.BucketsRoot));
        var healthy = database && jobStore && objectStorage;
        var body = new
        {
            status = healthy ? "ok" : "unhealthy",
            version = ServerInfo.Version,
            checks = new { database = Word(database), job_store = Word(jobStore), object_storage = Word(objectStorage) },
        };
        return healthy ? TypedResults.Ok(body) : TypedResults.Json(body, statusCode: 503);
    }

    private static async Task<bool> Check(Func<Task<bool>> probe)
    {
        try { return await probe(); }
        catch (Exception) { return false; }
    }

    private static string Word(bool ok) => ok ? "ok" : "failing";
}
