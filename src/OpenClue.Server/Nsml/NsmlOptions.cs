namespace OpenClue.Server.Nsml;

/// <summary>The <c>OpenClue:Nsml</c> configuration section (issue 12). Every key is documented in docs/nsml.md.</summary>
public sealed class NsmlOptions
{
    public const string Section = "OpenClue:Nsml";

    /// <summary><c>process</c> (default: an OS process group per node) or <c>docker</c> (a container per node).</summary>
    public string Executor { get; set; } = "process";
    /// <summary>Root of the project workspaces, shared by every worker (NFS on a cluster); default <c>{DataDir}/nsml/workspaces</c>.</summary>
    public string? WorkspaceRoot { get; set; }
    /// <summary>API Gateway keys accepted in <c>x-ncp-apigw-api-key</c>; none configured (default) means no check.</summary>
    public List<string> ApiKeys { get; set; } = [];
    /// <summary>Server products offered; none configured means the two of <see cref="ProductCatalog.Defaults"/>.</summary>
    public List<NsmlProductOptions> Products { get; set; } = [];
    /// <summary>Base images offered (§4.6); none configured means the three documented NGC names.</summary>
    public List<string> BaseImages { get; set; } = [];
    /// <summary>Custom images offered (§4.6); none by default.</summary>
    public List<string> CustomImages { get; set; } = [];
    /// <summary>Command a notebook (DEV) run starts; none configured makes notebook runs fail with a clear message.</summary>
    public string? NotebookCommand { get; set; }
    /// <summary>CPU slots this worker offers to nodes (a node takes its product's <c>CpuSlots</c>); default: the core count.</summary>
    public int Slots { get; set; } = Environment.ProcessorCount;
    /// <summary>This worker's stable name (its leftovers are found by it after a restart); default host name + data folder.</summary>
    public string? WorkerName { get; set; }
    /// <summary>Host name a node reports (<c>host</c>, <c>MASTER_ADDR</c>); default the machine name.</summary>
    public string? Host { get; set; }
    /// <summary>How often a worker looks for work, stop requests and lost workers (embedded runs are also woken at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>A worker whose heartbeat is older than this is lost: its nodes fail (detection within this plus one poll).</summary>
    public TimeSpan WorkerTimeout { get; set; } = TimeSpan.FromSeconds(15);
    /// <summary>Between TERM and KILL when a node is stopped.</summary>
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>Bytes of output kept per node; beyond, one truncation line and the rest is dropped.</summary>
    public long LogBytesPerNode { get; set; } = 8L << 20;
    /// <summary>Starts of a run lost to a crashed worker (1: never re-run; a run is not idempotent).</summary>
    public int MaxAttempts { get; set; } = 1;
    /// <summary><c>PATH</c> of a run's processes (nothing else of the server's environment is passed).</summary>
    public string RunPath { get; set; } = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /// <summary>
    /// The shell that runs a command as <c>SHELL -c command</c>. Debian's <c>/bin/sh</c> (dash) drops variables whose
    /// names are not shell identifiers (the documented example's <c>weight-decay</c>); <c>/bin/bash</c> passes them on.
    /// </summary>
    public string Shell { get; set; } = "/bin/sh";
    /// <summary>Optional unprivileged OS user (name or uid) the process executor runs commands as (needs root).</summary>
    public string? RunAsUser { get; set; }
    public NsmlDockerOptions Docker { get; set; } = new();
}
