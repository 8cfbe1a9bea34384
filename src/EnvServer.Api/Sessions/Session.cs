using EnvServer.Environments.Core;

namespace EnvServer.Api.Sessions;

/// <summary>
/// One environment instance owned by one client. Requests to a session are serialised by
/// <see cref="Gate"/>, so an environment never sees two calls at once.
/// </summary>
internal sealed class Session(string id, SessionKind kind, IEnvironment environment, string client) : IDisposable
{
    private long _lastActivity = System.Environment.TickCount64;

    public string Id { get; } = id;

    public SessionKind Kind { get; } = kind;

    public IEnvironment Environment { get; } = environment;

    /// <summary>Who opened it (the client address), for MAX_SESSIONS_PER_CLIENT.</summary>
    public string Client { get; } = client;

    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>
    /// Asks the session's transport to end it, with a reason for the client (idle timeout, shutdown):
    /// a WebSocket connection answers what is queued, then sends a close frame. Null for sessions
    /// with no connection of their own (HTTP, MCP), which are simply closed.
    /// </summary>
    public Action<string>? CloseRequested { get; set; }

    /// <summary>Set once the session is closed; a request that waited on <see cref="Gate"/> checks it.</summary>
    public bool IsClosed { get; private set; }

    public void Touch() => Volatile.Write(ref _lastActivity, System.Environment.TickCount64);

    public TimeSpan IdleFor(long nowTicks) => TimeSpan.FromMilliseconds(nowTicks - Volatile.Read(ref _lastActivity));

    // The gate is not disposed: a request may still be waiting on it, and finds IsClosed set instead.
    public void Dispose()
    {
        IsClosed = true;
        Environment.Dispose();
    }
}
