using Microsoft.Extensions.Options;
using OpenClue.Server.Platform.Hosting;

namespace OpenClue.Server.Platform.Jobs;

/// <summary>
/// Hands the memory of a finished large job back before the next job starts on a bloated heap: a blocking, compacting
/// full collection, which stops every thread of the process. One service, so the process-wide effect is visible where
/// it is used and can be turned off (<c>Jobs:CompactHeapAfterLargeJobs</c>).
/// </summary>
public sealed class HeapCompaction(IOptions<OpenClueOptions> options)
{
    public void AfterLargeJob()
    {
        if (options.Value.Jobs.CompactHeapAfterLargeJobs) GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
