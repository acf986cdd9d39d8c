namespace OpenClue.Server.Platform.Hosting;

/// <summary>
/// What the server does with its command line before it starts: <c>--help</c> and <c>--version</c> print and exit 0
/// (opening nothing, binding nothing); a word that is not an option is refused with one line. Everything else is
/// configuration (<c>--urls</c>, <c>--role</c>, <c>--OpenClue:Key=value</c>) for the host.
/// </summary>
public static class ServerCommandLine
{
    public const int UsageError = 2;

    private const string Help = """
        OpenClue server: the NCLUE-compatible API and its job workers.

        Usage:
          OpenClue.Server [--urls URLS] [--role all|api|worker] [--OpenClue:KEY=VALUE ...]
          OpenClue.Server admin COMMAND ...     manage keys and grants, migrate (see `admin --help`)

        Options:
          --urls URLS        Addresses to listen on (default http://localhost:5000; or ASPNETCORE_HTTP_PORTS)
          --role ROLE        all (default): API and workers in one process; api: accept requests and schedule jobs;
                             worker: run jobs. api and worker need PostgreSQL (OpenClue:Database=Host=...)
          --OpenClue:KEY=V   Any configuration key, e.g. --OpenClue:DataDir=/srv/openclue
                             (also environment variables OpenClue__KEY, or appsettings.json)
          --version          Print the version and exit
          -h, --help         Print this help and exit

        Configuration keys, health endpoints (/livez, /readyz), metrics and the deployment kit: README.md and
        docs/deploy.md.
        """;

    /// <summary>An exit code when the command line is handled here (help, version, a stray word), else null.</summary>
    public static int? Handle(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        foreach (var arg in args)
        {
            if (arg is "--help" or "-h" or "-?" or "/?")
            {
                output.Write(Help);
                return 0;
            }
            if (arg is "--version")
            {
                output.WriteLine(ServerInfo.Version);
                return 0;
            }
        }
        // The host reads `--key value` and `--key=value` pairs; anything else would be silently ignored.
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.StartsWith("--", StringComparison.Ordinal) || arg.StartsWith('/'))
            {
                if (!arg.Contains('=') && i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) i++;
                continue;
            }
            error.WriteLine($"OpenClue: unexpected argument '{arg}' (options are --name value or --name=value; see --help).");
            return UsageError;
        }
        return null;
    }
}
