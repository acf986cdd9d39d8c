using System.Reflection;

namespace OpenClue.Server.Platform.Hosting;

public static class ServerInfo
{
    public static readonly string Version =
        typeof(ServerInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
