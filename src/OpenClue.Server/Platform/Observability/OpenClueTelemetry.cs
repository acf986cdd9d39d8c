using System.Diagnostics;

namespace OpenClue.Server.Platform.Observability;

/// <summary>The names OpenClue's own telemetry is published under (OpenTelemetry subscribes to both).</summary>
public static class OpenClueTelemetry
{
    public const string Name = "OpenClue";

    /// <summary>Spans of jobs (one per job execution), linked to the request that scheduled the job.</summary>
    public static readonly ActivitySource Jobs = new(Name, ServerInfoVersion());

    public const string JobIdTag = "openclue.job.id";
    public const string JobKindTag = "openclue.job.kind";
    public const string TenantTag = "openclue.tenant";

    private static string ServerInfoVersion() => Hosting.ServerInfo.Version;
}
