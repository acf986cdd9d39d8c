using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenClue.Server.Application;
using OpenClue.Server.Artifacts;
using OpenClue.Server.Auth;
using OpenClue.Server.Jobs;
using OpenClue.Server.Observability;
using OpenClue.Server.Persistence;
using OpenClue.Server.Storage;
using Quartz;

namespace OpenClue.Server.Hosting;

/// <summary>Composition of the server: configuration, persistence, auth, storage, services and the job engine.</summary>
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

        var connection = string.IsNullOrWhiteSpace(options.Database) ? $"Data Source={data.MetadataDatabase}" : options.Database;
        if (connection.Contains("Host=", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("PostgreSQL metadata databases arrive with the scale-out release; use SQLite (Data Source=...) for now.");
        services.AddDbContext<OpenClueDbContext>(o => o.UseSqlite(SqliteConnection(connection)));
        services.AddScoped<KeyManagement>();
        return options;
    }

    /// <summary>Busy timeout so concurrent writers wait for SQLite's lock instead of failing at once.</summary>
    private static string SqliteConnection(string connection) =>
        connection.Contains("Default Timeout", StringComparison.OrdinalIgnoreCase) ? connection : connection.TrimEnd(';') + ";Default Timeout=30";

    public static void AddOpenClueServer(this IServiceCollection services, IConfiguration configuration)
    {
        var options = services.AddOpenClueCore(configuration);
        var data = DataDirectory.FromOptions(options);

        services.AddHostedService<DatabaseInitializer>(); // first: schema and bootstrap key before anything runs
        services.AddOpenClueObservability();
        services.AddSingleton<AccessKeyStore>();
        services.AddSingleton(sp => new RequestRateLimiter(options.RateLimit.RequestsPerSecond, sp.GetRequiredService<TimeProvider>()));

        services.AddSingleton<IObjectStorage>(new LocalObjectStorage(data.BucketsRoot));
        services.AddSingleton<IArtifactStore>(new LocalArtifactStore(data.ArtifactsRoot));
        services.AddScoped<BucketAccess>();
        services.AddScoped<InputChecks>();
        services.AddScoped<ResourceStore>();
        services.AddScoped<FeatureService>();
        services.AddScoped<TaskService>();
        services.AddScoped<TaskRunService>();

        services.AddScoped<StorageQuota>();
        services.AddScoped<IJobHandler, FeatureBuildJob>();
        services.AddScoped<IJobHandler, TaskTrainingJob>();
        services.AddScoped<IJobHandler, TaskRunJob>();
        services.AddSingleton<QuartzJobScheduler>();
        services.AddSingleton<JobAdmission>();
        services.AddOpenClueQuartz(options, data);
        services.AddHostedService<JobReconciler>();
        services.AddSingleton<JobQueueGauges>();
    }

    private static void AddOpenClueQuartz(this IServiceCollection services, OpenClueOptions options, DataDirectory data)
    {
        // The scheduler name scopes rows in the job store; derived from the store's location so a restart finds its
        // jobs again while two servers in one process (tests) do not collide in Quartz's static scheduler registry.
        var name = "openclue-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(data.JobsDatabase)))[..12];
        services.AddQuartz(q =>
        {
            q.UseDefaultThreadPool(Math.Max(1, options.Worker.Concurrency));
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = name;
                s.InstanceId = "embedded";
                s.IdleWaitTime = TimeSpan.FromSeconds(1);
                s.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs;
            });
            q.UsePersistentStore(s =>
            {
                s.UseSqlite($"Data Source={data.JobsDatabase};Default Timeout=30");
                s.UseSystemTextJsonSerializer();
                s.ProvisionSchema();
                s.ConfigureStore(o =>
                {
                    o.StoreJobDataAsStrings = true;
                    o.RecoverFiringsCancelledByShutdown = true;
                });
            });
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
    }
}
