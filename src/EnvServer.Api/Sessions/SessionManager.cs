using System.Collections.Concurrent;
using EnvServer.Api.Hosting;
using EnvServer.Environments.Core;
using Microsoft.Extensions.Options;

namespace EnvServer.Api.Sessions;

/// <summary>The live sessions of every transport, and the one capacity they share.</summary>
internal sealed class SessionManager
{
    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly ServerOptions _options;
    private readonly ILogger<SessionManager> _logger;
    private int _active;

    public SessionManager(IOptions<ServerOptions> options, ILogger<SessionManager> logger, IHostApplicationLifetime lifetime)
    {
        _options = options.Value;
        _logger = logger;

        // Open WebSockets would otherwise hold shutdown for Kestrel's whole drain timeout (30 s), past
        // the 10 s a container runtime waits before killing the process.
        lifetime.ApplicationStopping.Register(() =>
        {
            foreach (var session in _sessions.Values) End(session, "Server shutting down");
        });
    }

    public int ActiveCount => Volatile.Read(ref _active);

    public int MaxCount => _options.MaxConcurrentEnvs;

    /// <summary>Reserves a slot and builds the environment.</summary>
    public SessionOpening Open(EnvironmentSpec spec, SessionKind kind)
    {
        if (Interlocked.Increment(ref _active) > MaxCount)
        {
            var active = Interlocked.Decrement(ref _active);
            return new SessionOpening.AtCapacity(active, MaxCount);
        }

        IEnvironment environment;
        try
        {
            environment = new StepCappedEnvironment(spec.Factory(), _options.MaxEpisodeSteps);
        }
        catch (Exception ex)
        {
            Interlocked.Decrement(ref _active);
            _logger.LogError(ex, "Factory of {Environment} failed", spec.Id);
            return new SessionOpening.FactoryFailed(spec.Name);
        }

        var session = new Session(SessionIds.New(), kind, environment);
        _sessions[session.Id] = session;
        return new SessionOpening.Opened(session);
    }

    /// <summary>
    /// The HTTP or MCP session with this id. A WebSocket session is bound to its connection and is never
    /// found by id (its id is never sent anywhere): an unknown id and a WebSocket session's id look the same.
    /// </summary>
    public Session? Find(string id) => _sessions.GetValueOrDefault(id) is { Kind: not SessionKind.WebSocket } session ? session : null;

    /// <summary>Frees the slot and disposes the environment; safe to call twice.</summary>
    public bool Close(Session session)
    {
        if (!_sessions.TryRemove(new KeyValuePair<string, Session>(session.Id, session))) return false;
        Interlocked.Decrement(ref _active);
        session.Dispose();
        return true;
    }

    /// <summary>Ends a session through its transport when it has one (see <see cref="Session.CloseRequested"/>), else closes it.</summary>
    public void End(Session session, string reason)
    {
        if (session.CloseRequested is { } close) close(reason);
        else Close(session);
    }

    /// <summary>Sessions idle longer than the timeout.</summary>
    public IEnumerable<Session> Idle(TimeSpan timeout)
    {
        var now = Environment.TickCount64;
        return _sessions.Values.Where(s => s.IdleFor(now) > timeout);
    }
}

/// <summary>The outcome of <see cref="SessionManager.Open"/>.</summary>
internal abstract record SessionOpening
{
    public sealed record Opened(Session Session) : SessionOpening;

    public sealed record AtCapacity(int Active, int Max) : SessionOpening
    {
        public string Message => $"Server at capacity: {Active}/{Max} sessions active. Cannot accept new connections.";
    }

    public sealed record FactoryFailed(string FactoryName) : SessionOpening
    {
        public string Message => $"Environment factory '{FactoryName}' failed to create instance.";
    }
}
