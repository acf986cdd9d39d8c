namespace OpenClue.Server.Platform.Hosting;

/// <summary>
/// <c>--role api|worker|all</c> (default all): api processes accept requests and schedule jobs, workers run them
/// (and answer only <c>/</c>, <c>/healthz</c> and <c>/metrics</c>).
/// </summary>
public enum ServerRole { All, Api, Worker }

public static class ServerRoles
{
    public static ServerRole From(IConfiguration configuration)
    {
        var value = configuration["role"];
        if (string.IsNullOrWhiteSpace(value)) return ServerRole.All;
        return Enum.TryParse<ServerRole>(value, ignoreCase: true, out var role)
            ? role
            : throw new InvalidOperationException($"--role must be api, worker or all, not '{value}'.");
    }

    public static bool ServesApi(this ServerRole role) => role != ServerRole.Worker;
    public static bool RunsJobs(this ServerRole role) => role != ServerRole.Api;
}

/// <summary>This process's role, for components that behave differently per role.</summary>
public sealed record ProcessRole(ServerRole Role);
