using System.Security.Cryptography;
using System.Text;

namespace OpenClue.Server.Nsml.Execution;

/// <summary>
/// Who this worker is: a stable name (so a restarted worker recognises its own nodes), the incarnation of this
/// process (another one on a node means the worker restarted under it), and the host its nodes report.
/// </summary>
public sealed class WorkerIdentity(string name, string host)
{
    public string Name { get; } = name;
    public string Host { get; } = host;
    public string Incarnation { get; } = Guid.NewGuid().ToString("N");

    /// <summary><c>Nsml:WorkerName</c>, else the machine name and a hash of the data folder (two servers of one machine differ).</summary>
    public static WorkerIdentity From(NsmlOptions options, string dataDir)
    {
        var name = options.WorkerName is { Length: > 0 } configured
            ? configured
            : $"{Environment.MachineName}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dataDir)))[..8]}";
        return new WorkerIdentity(name, options.Host is { Length: > 0 } host ? host : Environment.MachineName);
    }
}
