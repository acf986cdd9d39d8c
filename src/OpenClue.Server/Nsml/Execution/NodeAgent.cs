using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using OpenClue.Server.Nsml.Catalog;
using OpenClue.Server.Nsml.Http;
using OpenClue.Server.Nsml.Persistence;
using OpenClue.Server.Nsml.Runs;
using OpenClue.Server.Nsml.Storage;
using OpenClue.Server.Platform.Jobs;

namespace OpenClue.Server.Nsml.Execution;

/// <summary>
/// The NSML job policy (<see cref="NsmlRunPolicy"/>), carried out by every process that runs jobs. NSML runs have their own admission queue
/// (the <c>nsml_nodes</c> table, not NCLUE's job queue, so long runs never hold the threads feature builds need):
/// <list type="bullet">
/// <item>placement: oldest pending run first, a node only on a worker with free slots for it (<c>Nsml:Slots</c>);
/// a run starts once every node is placed (gang start), and the oldest run keeps its claim on freed slots;</item>
/// <item>not idempotent: a node lost with its worker fails the run, unless <c>Nsml:MaxAttempts</c> allows a new start;</item>
/// <item>cancellable: a stop request or the failure of another node of the run reaches the executor (TERM, then KILL);</item>
/// <item>never orphaned: a worker kills what an earlier process of it left running before it takes new nodes, and
/// every worker fails the nodes of a worker whose heartbeat is older than <c>Nsml:WorkerTimeout</c>.</item>
/// </list>
/// </summary>
public sealed class NodeAgent(IDbContextFactory<NsmlDbContext> contexts, INodeExecutor executor, RunLogStore logs, NsmlOptions options,
    WorkerIdentity identity, Workspaces workspaces, NsmlWakeup wakeup, NsmlClock clock, ILogger<NodeAgent> log) : BackgroundService
{
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(1);

    private readonly JobPolicy _policy = NsmlRunPolicy.From(options);
    private readonly object _lock = new();
    private readonly Dictionary<(long RunSeq, int Rank), LocalNode> _nodes = [];
    private long _lastHeartbeat;
    private long _lastLostCheck;

    private sealed class LocalNode(long runSeq, int rank, int attempt, int slots)
    {
        public long RunSeq { get; } = runSeq;
        public int Rank { get; } = rank;
        public int Attempt { get; } = attempt;
        public int Slots { get; } = slots;
        public IRunningNode? Running { get; set; }
        public bool Stopping { get; set; }
        /// <summary>The state to record once stopped (null: the node is no longer this worker's; record nothing).</summary>
        public string? StopState { get; set; }
        public string? StopMessage { get; set; }
        public Task Monitor { get; set; } = Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RecoverAsync(stoppingToken);
                break;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception ex)
            {
                log.LogWarning(ex, "NSML worker {Worker}: recovery failed; retrying", identity.Name);
                await Task.Delay(options.PollInterval, stoppingToken).ContinueWith(_ => { });
            }
        }
        log.LogInformation("NSML worker {Worker} ({Slots} slots, {Executor} executor) is taking nodes", identity.Name, options.Slots, options.Executor);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await TickAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception ex)
            {
                log.LogWarning(ex, "NSML worker {Worker}: a round failed; retrying", identity.Name);
            }
            await wakeup.WaitAsync(options.PollInterval, stoppingToken);
        }
    }

    /// <summary>Before taking work: kill what an earlier process of this worker left, and fail the nodes it held.</summary>
    private async Task RecoverAsync(CancellationToken ct)
    {
        await executor.KillLeftoversAsync(ct);
        await using var db = await contexts.CreateDbContextAsync(ct);
        await HeartbeatAsync(db, ct);
        var orphans = await db.Nodes.AsNoTracking()
            .Where(n => n.Worker == identity.Name && n.Incarnation != identity.Incarnation &&
                (n.State == NodeStates.Placed || n.State == NodeStates.Running))
            .ToListAsync(ct);
        foreach (var node in orphans)
        {
            log.LogWarning("NSML worker {Worker} restarted while node {Rank} of run {RunSeq} ran on it; the node fails", identity.Name, node.Rank, node.RunSeq);
            await FailLostAsync(db, node, $"Worker {identity.Name} restarted while the node ran (its earlier process ended without " +
                "finishing it); what the node left running was killed.", ct);
        }
    }

    private async Task TickAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = clock.NowMs();
        if (now - _lastHeartbeat >= HeartbeatInterval.TotalMilliseconds) await HeartbeatAsync(db, ct);
        await ControlAsync(db, ct);
        if (now - _lastLostCheck >= options.PollInterval.TotalMilliseconds)
        {
            _lastLostCheck = now;
            await DetectLostWorkersAsync(db, ct);
        }
        await PlaceAsync(db, ct);
        await StartPlacedAsync(db, ct);
    }

    private async Task HeartbeatAsync(NsmlDbContext db, CancellationToken ct)
    {
        var now = clock.NowMs();
        var updated = await db.Workers.Where(w => w.Name == identity.Name)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.HeartbeatAt, now).SetProperty(w => w.Incarnation, identity.Incarnation)
                .SetProperty(w => w.Host, identity.Host).SetProperty(w => w.Slots, options.Slots), ct);
        if (updated == 0)
        {
            db.Workers.Add(new WorkerRecord
            {
                Name = identity.Name, Incarnation = identity.Incarnation, Host = identity.Host, Slots = options.Slots, HeartbeatAt = now, StartedAt = now,
            });
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateException) { db.ChangeTracker.Clear(); }
        }
        _lastHeartbeat = now;
    }

    /// <summary>Stops this worker's nodes whose run was stopped or has ended, and drops those no longer its own.</summary>
    private async Task ControlAsync(NsmlDbContext db, CancellationToken ct)
    {
        List<LocalNode> local;
        lock (_lock) local = _nodes.Values.Where(n => !n.Stopping).ToList();
        if (local.Count == 0) return;
        var rows = await db.Nodes.AsNoTracking()
            .Where(n => n.Worker == identity.Name && (n.State == NodeStates.Placed || n.State == NodeStates.Running))
            .Join(db.Runs, n => n.RunSeq, r => r.Seq, (n, r) => new { n.RunSeq, n.Rank, n.Attempt, n.Incarnation, r.Status, r.StopRequested })
            .ToListAsync(ct);
        foreach (var node in local)
        {
            var row = rows.FirstOrDefault(r => r.RunSeq == node.RunSeq && r.Rank == node.Rank);
            if (row is null || row.Attempt != node.Attempt || row.Incarnation != identity.Incarnation)
                await StopLocalAsync(node, null, null);
            else if (row.StopRequested)
                await StopLocalAsync(node, NodeStates.Stopped, "Stopped by the user.");
            else if (!RunStates.IsActive(row.Status))
                await StopLocalAsync(node, NodeStates.Stopped, $"Stopped because the run ended ({row.Status}).");
        }
    }

    private async Task StopLocalAsync(LocalNode node, string? state, string? message)
    {
        node.Stopping = true;
        node.StopState = state;
        node.StopMessage = message;
        if (node.Running is { } running)
        {
            _ = running.StopAsync(options.StopGracePeriod); // the node's monitor records the end
            return;
        }
        lock (_lock) _nodes.Remove((node.RunSeq, node.Rank));
        if (state is null) return;
        await using var db = await contexts.CreateDbContextAsync();
        await EndAsync(db, node, state, null, message);
    }

    private async Task DetectLostWorkersAsync(NsmlDbContext db, CancellationToken ct)
    {
        var cutoff = clock.NowMs() - (long)options.WorkerTimeout.TotalMilliseconds;
        var lost = await db.Workers.AsNoTracking().Where(w => w.HeartbeatAt < cutoff && w.Name != identity.Name).Select(w => w.Name).ToListAsync(ct);
        if (lost.Count == 0) return;
        var nodes = await db.Nodes.AsNoTracking()
            .Where(n => n.Worker != null && lost.Contains(n.Worker) && (n.State == NodeStates.Placed || n.State == NodeStates.Running))
            .ToListAsync(ct);
        foreach (var node in nodes)
        {
            log.LogWarning("NSML worker {Lost} stopped answering; node {Rank} of run {RunSeq} is lost", node.Worker, node.Rank, node.RunSeq);
            await FailLostAsync(db, node, $"Worker {node.Worker} stopped answering (no heartbeat for {options.WorkerTimeout.TotalSeconds:0} s); " +
                "the node is lost.", ct);
        }
    }

    /// <summary>Fails a node whose worker is gone; the run then fails, or starts again if <c>Nsml:MaxAttempts</c> allows.</summary>
    private async Task FailLostAsync(NsmlDbContext db, NodeRecord node, string message, CancellationToken ct)
    {
        var now = clock.NowMs();
        var changed = await db.Nodes.Where(n => n.RunSeq == node.RunSeq && n.Rank == node.Rank && n.Attempt == node.Attempt &&
                n.Worker == node.Worker && n.Incarnation == node.Incarnation && (n.State == NodeStates.Placed || n.State == NodeStates.Running))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.State, NodeStates.Failed).SetProperty(n => n.Message, message)
                .SetProperty(n => n.EndedAt, now), ct);
        if (changed == 0) return;
        await logs.AppendAsync(node.RunSeq, node.Rank, System.Text.Encoding.UTF8.GetBytes($"[openclue] node {node.Rank}: {message}\n"), ct);
        var run = await db.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.Seq == node.RunSeq, ct);
        if (run is not null && RunStates.IsActive(run.Status) && !run.StopRequested && run.Attempts == node.Attempt &&
            _policy.RetryAfterCrash && run.Attempts < (_policy.MaxAttempts ?? 1))
        {
            var next = run.Attempts + 1;
            var retried = await db.Runs.Where(r => r.Seq == run.Seq && r.Attempts == run.Attempts &&
                    (r.Status == RunStates.Pending || r.Status == RunStates.InProgress))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Attempts, next).SetProperty(r => r.Status, RunStates.Pending)
                    .SetProperty(r => r.MasterAddr, (string?)null).SetProperty(r => r.MasterPort, (int?)null)
                    .SetProperty(r => r.StatusMessage, $"Attempt {run.Attempts} lost node {node.Rank}: {message}").SetProperty(r => r.UpdatedAt, now), ct);
            if (retried > 0)
            {
                await db.Nodes.Where(n => n.RunSeq == run.Seq).ExecuteUpdateAsync(s => s.SetProperty(n => n.Attempt, next)
                    .SetProperty(n => n.State, NodeStates.Pending).SetProperty(n => n.Worker, (string?)null)
                    .SetProperty(n => n.Incarnation, (string?)null).SetProperty(n => n.Host, (string?)null)
                    .SetProperty(n => n.Pid, (int?)null).SetProperty(n => n.PidStart, (long?)null).SetProperty(n => n.ContainerId, (string?)null)
                    .SetProperty(n => n.ExitCode, (int?)null).SetProperty(n => n.Message, (string?)null)
                    .SetProperty(n => n.StartedAt, (long?)null).SetProperty(n => n.EndedAt, (long?)null), ct);
                await logs.AppendAsync(run.Seq, node.Rank, System.Text.Encoding.UTF8.GetBytes(
                    $"[openclue] starting attempt {next} of {options.MaxAttempts} (OpenClue:Nsml:MaxAttempts)\n"), ct);
                return;
            }
        }
        await RunSettlement.SettleAsync(db, node.RunSeq, now, ct);
    }

    /// <summary>Claims nodes of the oldest pending runs while this worker has free slots.</summary>
    private async Task PlaceAsync(NsmlDbContext db, CancellationToken ct)
    {
        int free;
        lock (_lock) free = options.Slots - _nodes.Values.Sum(n => n.Slots);
        if (free <= 0) return;
        var runs = await db.Runs.AsNoTracking().Where(r => r.Status == RunStates.Pending && !r.StopRequested)
            .OrderBy(r => r.Seq).Take(100).ToListAsync(ct);
        foreach (var run in runs)
        {
            if (run.SlotsPerNode > options.Slots) continue; // never fits here; another worker may take it
            var unplaced = await db.Nodes.AsNoTracking()
                .Where(n => n.RunSeq == run.Seq && n.Attempt == run.Attempts && n.State == NodeStates.Pending)
                .OrderBy(n => n.Rank).Select(n => n.Rank).ToListAsync(ct);
            if (unplaced.Count == 0) continue;
            var placed = 0;
            foreach (var rank in unplaced)
            {
                if (free < run.SlotsPerNode) break;
                var claimed = await db.Nodes.Where(n => n.RunSeq == run.Seq && n.Rank == rank && n.Attempt == run.Attempts && n.State == NodeStates.Pending)
                    .ExecuteUpdateAsync(s => s.SetProperty(n => n.State, NodeStates.Placed).SetProperty(n => n.Worker, identity.Name)
                        .SetProperty(n => n.Incarnation, identity.Incarnation).SetProperty(n => n.Host, identity.Host), ct);
                if (claimed == 0) continue;
                lock (_lock) _nodes[(run.Seq, rank)] = new LocalNode(run.Seq, rank, run.Attempts, run.SlotsPerNode);
                free -= run.SlotsPerNode;
                placed++;
                if (rank == 0)
                {
                    var port = FreePort();
                    await db.Runs.Where(r => r.Seq == run.Seq && r.Attempts == run.Attempts)
                        .ExecuteUpdateAsync(s => s.SetProperty(r => r.MasterAddr, identity.Host).SetProperty(r => r.MasterPort, port), ct);
                }
            }
            if (placed < unplaced.Count) break; // the oldest waiting run keeps its claim on the next free slots
        }
    }

    /// <summary>Starts this worker's placed nodes of every run whose nodes are all placed.</summary>
    private async Task StartPlacedAsync(NsmlDbContext db, CancellationToken ct)
    {
        List<LocalNode> placed;
        lock (_lock) placed = _nodes.Values.Where(n => n.Running is null && !n.Stopping).ToList();
        foreach (var group in placed.GroupBy(n => n.RunSeq))
        {
            var run = await db.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.Seq == group.Key, ct);
            if (run is null || !RunStates.IsActive(run.Status) || run.StopRequested || run.MasterPort is null) continue;
            var ready = await db.Nodes.CountAsync(n => n.RunSeq == run.Seq && n.Attempt == run.Attempts && n.State != NodeStates.Pending, ct);
            if (ready < run.NodeCount) continue;
            var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == run.ProjectId, ct);
            if (project is null) continue;
            foreach (var node in group.Where(n => n.Attempt == run.Attempts)) await StartAsync(db, run, project, node, ct);
        }
    }

    private async Task StartAsync(NsmlDbContext db, RunRecord run, ProjectRecord project, LocalNode node, CancellationToken ct)
    {
        var now = clock.NowMs();
        var started = await db.Nodes.Where(n => n.RunSeq == node.RunSeq && n.Rank == node.Rank && n.Attempt == node.Attempt &&
                n.Worker == identity.Name && n.Incarnation == identity.Incarnation && n.State == NodeStates.Placed)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.State, NodeStates.Running).SetProperty(n => n.StartedAt, now), ct);
        if (started == 0)
        {
            lock (_lock) _nodes.Remove((node.RunSeq, node.Rank));
            return;
        }
        var output = new NodeOutput(logs, run.Seq, node.Rank, options.LogBytesPerNode, log);
        var command = run.RunType == RunStates.Notebook ? options.NotebookCommand : run.Command;
        if (string.IsNullOrWhiteSpace(command))
        {
            const string message = "No notebook command is configured on this server (OpenClue:Nsml:NotebookCommand), so notebook runs cannot start.";
            output.Note(message);
            await output.DisposeAsync();
            await EndAsync(db, node, NodeStates.Failed, null, message);
            return;
        }
        var runName = RunService.Name(run.RunName);
        var variables = new Dictionary<string, string>(RunEnvironment.FromJson(run.Envs), StringComparer.Ordinal)
        {
            ["RANK"] = RunEnvironment.Invariant(node.Rank),
            ["WORLD_SIZE"] = RunEnvironment.Invariant(run.NodeCount),
            ["LOCAL_RANK"] = "0",
            ["MASTER_ADDR"] = run.MasterAddr ?? identity.Host,
            ["MASTER_PORT"] = RunEnvironment.Invariant(run.MasterPort ?? 0),
            ["NSML_RUN_NAME"] = runName,
            ["NSML_PROJECT_ID"] = run.ProjectId,
        };
        var launch = new NodeLaunch(run.Seq, node.Rank, node.Attempt, run.TenantId, run.ProjectId, runName, command, run.ImagePath,
            workspaces.Create(run.TenantId, project.Id), variables);
        IRunningNode running;
        try
        {
            running = await executor.StartAsync(launch, output, ct);
        }
        catch (Exception ex)
        {
            log.LogWarning(ex, "Node {Rank} of run {RunSeq} could not start", node.Rank, run.Seq);
            var message = $"The node could not start: {ex.Message}";
            output.Note(message);
            await output.DisposeAsync();
            await EndAsync(db, node, NodeStates.Failed, null, message);
            return;
        }
        node.Running = running;
        await db.Nodes.Where(n => n.RunSeq == node.RunSeq && n.Rank == node.Rank && n.Attempt == node.Attempt && n.Worker == identity.Name)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.Pid, running.Pid).SetProperty(n => n.PidStart, running.PidStart)
                .SetProperty(n => n.ContainerId, running.ContainerId), CancellationToken.None);
        await RunSettlement.SettleAsync(db, run.Seq, clock.NowMs(), CancellationToken.None);
        node.Monitor = MonitorAsync(node, running, output);
    }

    private async Task MonitorAsync(LocalNode node, IRunningNode running, NodeOutput output)
    {
        int? code = null;
        try
        {
            code = await running.Exited;
        }
        catch (Exception ex)
        {
            log.LogWarning(ex, "Node {Rank} of run {RunSeq}: its executor failed", node.Rank, node.RunSeq);
            output.Note($"The executor lost the node: {ex.Message}");
        }
        string? state;
        string? message;
        if (node.Stopping)
        {
            state = node.StopState;
            message = node.StopMessage;
            if (state is not null) output.Note($"node {node.Rank}: {message}");
        }
        else if (code == 0)
        {
            (state, message) = (NodeStates.Completed, null);
        }
        else
        {
            state = NodeStates.Failed;
            message = code is { } c ? $"The command exited with code {c}." : "The executor lost the node.";
            output.Note($"node {node.Rank}: {message}");
        }
        await output.DisposeAsync(); // the whole output is in the log before the node is seen as ended
        try
        {
            await using var db = await contexts.CreateDbContextAsync();
            if (state is null) lock (_lock) _nodes.Remove((node.RunSeq, node.Rank));
            else await EndAsync(db, node, state, code, message);
        }
        catch (Exception ex)
        {
            log.LogError(ex, "Node {Rank} of run {RunSeq} ended but its end could not be recorded", node.Rank, node.RunSeq);
            lock (_lock) _nodes.Remove((node.RunSeq, node.Rank));
        }
        wakeup.Signal();
    }

    private async Task EndAsync(NsmlDbContext db, LocalNode node, string state, int? exitCode, string? message)
    {
        var now = clock.NowMs();
        await db.Nodes.Where(n => n.RunSeq == node.RunSeq && n.Rank == node.Rank && n.Attempt == node.Attempt && n.Worker == identity.Name &&
                n.Incarnation == identity.Incarnation && (n.State == NodeStates.Placed || n.State == NodeStates.Running))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.State, state).SetProperty(n => n.ExitCode, exitCode)
                .SetProperty(n => n.Message, message).SetProperty(n => n.EndedAt, now)
                .SetProperty(n => n.Pid, (int?)null).SetProperty(n => n.PidStart, (long?)null).SetProperty(n => n.ContainerId, (string?)null),
                CancellationToken.None);
        await RunSettlement.SettleAsync(db, node.RunSeq, now, CancellationToken.None);
        lock (_lock) _nodes.Remove((node.RunSeq, node.Rank));
    }

    /// <summary>
    /// A graceful shutdown ends this worker's nodes (a run is not handed to another worker behind the user's back):
    /// running ones fail with the reason, placed ones go back to the queue.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        List<LocalNode> local;
        lock (_lock) local = _nodes.Values.ToList();
        var grace = options.StopGracePeriod < TimeSpan.FromSeconds(5) ? options.StopGracePeriod : TimeSpan.FromSeconds(5);
        foreach (var node in local)
        {
            if (node.Running is { } running)
            {
                node.Stopping = true;
                node.StopState = NodeStates.Failed;
                node.StopMessage = $"Worker {identity.Name} shut down while the node ran.";
                _ = running.StopAsync(grace);
            }
            else
            {
                try
                {
                    await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
                    await db.Nodes.Where(n => n.RunSeq == node.RunSeq && n.Rank == node.Rank && n.Attempt == node.Attempt &&
                            n.Worker == identity.Name && n.State == NodeStates.Placed)
                        .ExecuteUpdateAsync(s => s.SetProperty(n => n.State, NodeStates.Pending).SetProperty(n => n.Worker, (string?)null)
                            .SetProperty(n => n.Incarnation, (string?)null).SetProperty(n => n.Host, (string?)null), CancellationToken.None);
                }
                catch (Exception ex) { log.LogWarning(ex, "Could not hand back placed node {Rank} of run {RunSeq}", node.Rank, node.RunSeq); }
            }
        }
        await Task.WhenAll(local.Select(n => n.Monitor)).WaitAsync(grace + TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
