using Microsoft.EntityFrameworkCore;
using OpenClue.Server.Platform.Observability;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Platform.Jobs;

/// <summary>Publishes <c>openclue_jobs{kind,status}</c> (queue depth and history) read from the database at scrape time.</summary>
public sealed class JobQueueGauges
{
    public JobQueueGauges(MetricsRegistry metrics, IServiceScopeFactory scopes)
    {
        metrics.RegisterGauge("openclue_jobs", "Jobs by kind and status.", () =>
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<OpenClueDbContext>();
            var rows = db.Jobs.AsNoTracking().GroupBy(j => new { j.Kind, j.Status })
                .Select(g => new { g.Key.Kind, g.Key.Status, Count = g.Count() }).ToList();
            return rows.Select(r => ((IReadOnlyDictionary<string, string>)new Dictionary<string, string>
            { ["kind"] = r.Kind, ["status"] = r.Status }, (double)r.Count)).ToList();
        });
    }
}
