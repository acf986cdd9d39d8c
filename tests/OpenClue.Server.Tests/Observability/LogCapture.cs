using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OpenClue.Server.Tests.Observability;

/// <summary>Logger provider that records each message with the scope properties active when it was logged.</summary>
internal sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<CapturedLog> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(LogCapture owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            // Scopes are visited outermost first, so an inner scope's value wins.
            var properties = new Dictionary<string, object?>();
            owner._scopes.ForEachScope((scope, props) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (key, value) in pairs) props[key] = value;
                }
            }, properties);
            owner.Entries.Enqueue(new CapturedLog(formatter(state, exception), properties));
        }
    }
}

internal sealed record CapturedLog(string Message, IReadOnlyDictionary<string, object?> Scope);
