using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using OpenClue.Server.Platform.Observability;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Platform.Jobs;

/// <summary>Publishes <c>openclue_jobs{kind,status}</c> (queue depth and history) read from the database when observed.</summary>
public sealed class JobQueueGauges
{
    public JobQueueGauges(OpenClueMetrics metrics, IServiceScopeFactory scopes)
    {
        metrics.Meter.CreateObservableGauge("openclue_jobs", () =>
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<OpenClueDbContext>();
            var rows = db.Jobs.AsNoTracking().GroupBy(j => new { j.Kind, j.Status })
                .Select(g => new { g.Key.Kind, g.Key.Status, Count = g.Count() }).ToList();
            return rows.Select(r => new Measurement<long>(r.Count, new("kind", r.Kind), new("status", r.Status))).ToList();
        }, description: "Jobs by kind and status.");
    }
}
