using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenClue.Server.Platform.Artifacts;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Health;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Observability;
using OpenClue.Server.Platform.Persistence;
using OpenClue.Server.Platform.Storage;
using OpenClue.Server.Platform.Storage.S3;
using Quartz;

namespace OpenClue.Server.Platform.Hosting;

/// <summary>
/// Composition of the platform every API surface shares: configuration, persistence, auth, storage and the job engine.
/// The surfaces register themselves (<c>AddNclue()</c>).
/// </summary>
public static class OpenClueServices
{
    /// <summary>Everything but the web host: also what the <c>admin</c> commands use.</summary>
    public static OpenClueOptions AddOpenClueCore(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(OpenClueOptions.Section).Get<OpenClueOptions>() ?? new OpenClueOptions();
        services.Configure<OpenClueOptions>(configuration.GetSection(OpenClueOptions.Section));
        services.AddSingleton(options);
        var data = DataDirectory.FromOptions(options);
        services.AddSingleton(data);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => TimeZoneClock.Create(sp.GetRequiredService<TimeProvider>(), options.TimeZone));
        services.AddSingleton(new SecretProtector(SecretProtector.LoadOrCreateMasterKey(options.MasterKey, data.MasterKeyFile)));

        var database = MetadataDatabase.From(options, data);
        services.AddSingleton(database);
        // Options built once: per scope they cost more than some whole requests.
        services.AddDbContext<OpenClueDbContext>(database.Configure, optionsLifetime: ServiceLifetime.Singleton);
        services.AddScoped<KeyManagement>();
        return options;
    }

    public static void AddOpenClueServer(this IServiceCollection services, IConfiguration configuration, ServerRole role)
    {
        var options = services.AddOpenClueCore(configuration);
        var data = DataDirectory.FromOptions(options);
        var database = MetadataDatabase.From(options, data);
        if (!database.IsPostgres && role != ServerRole.All)
            throw new InvalidOperationException("--role api|worker needs a shared PostgreSQL database (OpenClue:Database=Host=...); SQLite serves one process.");

        services.AddSingleton(new ProcessRole(role));
        services.AddHostedService<DatabaseInitializer>(); // first: schema and bootstrap key before anything runs
        services.AddOpenClueObservability(configuration);
        services.AddOpenClueHealthChecks();
        services.AddSingleton<AccessKeyStore>();
        services.AddSingleton(sp => new AuthFailureLimiter(options.Limits.AuthFailuresPerSecond, options.Limits.AuthFailureBurst,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<RejectionLog>();
        services.AddSingleton(sp => new RequestRateLimiter(options.RateLimit.RequestsPerSecond, sp.GetRequiredService<TimeProvider>()));
        services.AddSignatureV2(o =>
        {
            o.GuardedPrefixes.Add("/nsml"); // reserved for the NSML surface, signed like the NCLUE API
            if (options.MetricsRequireSignature) o.GuardedPrefixes.Add("/metrics");
        });

        services.AddOpenClueStorage(options, data);
        services.AddScoped<BucketAccess>();
        services.AddScoped<ResourceStore>();
        services.AddSingleton<ReadConnections>();
        services.AddSingleton<ResourceReads>();

        services.AddSingleton<JobKindRegistry>();
        services.AddSingleton<JobCancellation>();
        services.AddSingleton<JobProgress>();
        services.AddSingleton<HeapCompaction>();
        services.AddScoped<StorageQuota>();
        services.AddScoped<JobLifecycle>();
        services.AddScoped<ShardFanOut>();
        services.AddSingleton<QuartzJobScheduler>();
        services.AddSingleton<JobAdmission>();
        services.AddOpenClueQuartz(options, data, database, role);
        services.AddHostedService<JobReconciler>();
        services.AddSingleton<JobQueueGauges>();
    }

    /// <summary>Customer buckets: S3 when <c>ObjectStorage</c> is configured, else folders; artifacts per <c>ArtifactStore</c>.</summary>
    private static void AddOpenClueStorage(this IServiceCollection services, OpenClueOptions options, DataDirectory data)
    {
        var s3 = options.ObjectStorage.IsConfigured ? S3ClientFactory.Create(S3Settings.From(options.ObjectStorage)) : null;
        if (s3 is not null)
        {
            services.AddSingleton(s3);
            services.AddSingleton<IObjectStorage>(sp => new S3ObjectStorage(s3, log: sp.GetRequiredService<ILogger<S3ObjectStorage>>()));
        }
        else
        {
            services.AddSingleton<IObjectStorage>(new LocalObjectStorage(data.BucketsRoot, options.Limits));
        }
        if (S3Uri.IsS3(options.ArtifactStore))
        {
            if (s3 is null) throw new InvalidOperationException("OpenClue:ArtifactStore=s3://… needs OpenClue:ObjectStorage to be configured.");
            services.AddSingleton<IArtifactStore>(sp => new S3ArtifactStore(s3, options.ArtifactStore, log: sp.GetRequiredService<ILogger<S3ArtifactStore>>()));
        }
        else if (string.IsNullOrWhiteSpace(options.ArtifactStore) || options.ArtifactStore == "local")
        {
            services.AddSingleton<IArtifactStore>(new LocalArtifactStore(data.ArtifactsRoot));
        }
        else
        {
            throw new InvalidOperationException($"OpenClue:ArtifactStore must be 'local' or 's3://bucket/prefix', not '{options.ArtifactStore}'.");
        }
    }

    private static void AddOpenClueQuartz(this IServiceCollection services, OpenClueOptions options, DataDirectory data,
        MetadataDatabase database, ServerRole role)
    {
        services.AddQuartz(q =>
        {
            q.UseDefaultThreadPool(Math.Max(1, options.Worker.Concurrency));
            q.ConfigureScheduler(s =>
            {
                // Embedded: the scheduler name scopes rows in the job store; derived from the store's location so a
                // restart finds its jobs while two servers in one process (tests) do not collide in Quartz's static
                // registry. Clustered: one name for every node, generated instance ids (unique among live processes).
                if (database.IsPostgres) s.InstanceName = "openclue";
                else
                {
                    s.InstanceName = "openclue-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(data.JobsDatabase)))[..12];
                    s.InstanceId = "embedded";
                }
                s.IdleWaitTime = TimeSpan.FromSeconds(1); // a job scheduled by another process is picked up within ~1 s
                s.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs; // hand running jobs back at once
            });
            q.UsePersistentStore(s =>
            {
                if (database.IsPostgres)
                {
                    s.UsePostgres(database.ConnectionString);
                    s.UseClustering(c =>
                    {
                        c.CheckinInterval = TimeSpan.FromSeconds(5);
                        c.CheckinMisfireThreshold = TimeSpan.FromSeconds(5);
                    });
                }
                else
                {
                    DataDirectory.MakePrivateDatabase(data.JobsDatabase);
                    s.UseSqlite($"Data Source={data.JobsDatabase};Default Timeout=30");
                }
                s.UseSystemTextJsonSerializer();
                s.ProvisionSchema();
                s.ConfigureStore(o =>
                {
                    o.StoreJobDataAsStrings = true;
                    o.RecoverFiringsCancelledByShutdown = true;
                });
            });
        });
        // An api process only writes jobs into the shared store; it never starts the scheduler, so it runs none.
        if (role.RunsJobs()) services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
    }
}
