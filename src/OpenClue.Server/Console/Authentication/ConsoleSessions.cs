using System.Collections.Concurrent;

namespace OpenClue.Server.WebConsole.Authentication;

/// <summary>
/// Sessions ended by signing out, until their cookies would have expired anyway: a copy of a signed-out cookie is
/// refused. Kept per process (an API process behind a load balancer without sticky sessions honours only its own
/// sign-outs; ARCHITECTURE.md).
/// </summary>
public sealed class ConsoleSessions(TimeProvider time, ConsoleOptions options)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _ended = new(StringComparer.Ordinal);

    public static string NewId() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    public void End(string sessionId)
    {
        var now = time.GetUtcNow();
        foreach (var (id, until) in _ended)
            if (until < now) _ended.TryRemove(id, out _);
        _ended[sessionId] = now + options.SessionLifetime;
    }

    public bool IsEnded(string sessionId) => _ended.ContainsKey(sessionId);
}
