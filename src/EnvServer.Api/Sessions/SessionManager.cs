using System.Collections.Concurrent;
using EnvServer.Api.Hosting;
using EnvServer.Environments.Core;
using Microsoft.Extensions.Options;

namespace EnvServer.Api.Sessions;

/// <summary>The live sessions of every transport, and the one capacity they share.</summary>
internal sealed class SessionManager
{
    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _perClient = new(StringComparer.Ordinal);
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

    /// <summary>
    /// Reserves a slot, within the server's capacity and the quota of <c>client</c> (the client address:
    /// MAX_SESSIONS_PER_CLIENT, so that one client cannot take every slot), and builds the environment.
    /// </summary>
    public SessionOpening Open(EnvironmentSpec spec, SessionKind kind, string client)
    {
        if (!TryTakeClientSlot(client)) return new SessionOpening.ClientQuotaReached(_options.MaxSessionsPerClient);
        if (Interlocked.Increment(ref _active) > MaxCount)
        {
            var active = Interlocked.Decrement(ref _active);
            ReleaseClientSlot(client);
            return new SessionOpening.AtCapacity(active, MaxCount);
        }

        IEnvironment environment;
        try
        {
            environment = Build(spec);
        }
        catch (Exception ex)
        {
            Interlocked.Decrement(ref _active);
            ReleaseClientSlot(client);
            _logger.LogError(ex, "Factory of {Environment} failed", spec.Id);
            return new SessionOpening.FactoryFailed(spec.Name);
        }

        var session = new Session(SessionIds.New(), kind, environment, client);
        _sessions[session.Id] = session;
        return new SessionOpening.Opened(session);
    }

    /// <summary>
    /// An environment as every session and every stateless call plays it (MAX_EPISODE_STEPS, a step before reset
    /// starts an episode); the caller disposes it.
    /// </summary>
    public IEnvironment Build(EnvironmentSpec spec) => new StepCappedEnvironment(spec.Factory(), _options.MaxEpisodeSteps);

    /// <summary>A throwaway environment for a stateless call (it holds no slot), or null, logged, when the factory throws.</summary>
    public IEnvironment? TryBuild(EnvironmentSpec spec)
    {
        try
        {
            return Build(spec);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Factory of {Environment} failed", spec.Id);
            return null;
        }
    }

    private bool TryTakeClientSlot(string client)
    {
        var quota = _options.MaxSessionsPerClient;
        if (quota == 0) return true;
        while (true)
        {
            var held = _perClient.GetValueOrDefault(client);
            if (held >= quota) return false;
            if (held == 0 ? _perClient.TryAdd(client, 1) : _perClient.TryUpdate(client, held + 1, held)) return true;
        }
    }

    private void ReleaseClientSlot(string client)
    {
        if (_options.MaxSessionsPerClient == 0) return;
        while (true)
        {
            var held = _perClient.GetValueOrDefault(client);
            if (held == 0) return;
            if (held == 1 ? _perClient.TryRemove(new KeyValuePair<string, int>(client, held)) : _perClient.TryUpdate(client, held - 1, held)) return;
        }
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
        ReleaseClientSlot(session.Client);
        session.Dispose();
        return true;
    }

    /// <summary>Ends a session through its transport when it has one (see <see cref="Session.CloseRequested"/>), else closes it.</summary>
    public void End(Session session, string reason)
    {
        if (session.CloseRequested is { } close) close(reason);
        else Close(session);
    }

    /// <summary>Sessions idle longer than their kind's timeout (HTTP_SESSION_IDLE_TIMEOUT for HTTP, else SESSION_IDLE_TIMEOUT).</summary>
    public IEnumerable<Session> Idle()
    {
        var now = Environment.TickCount64;
        return _sessions.Values.Where(s => s.IdleFor(now) > (s.Kind == SessionKind.Http ? _options.HttpSessionIdleTimeout : _options.SessionIdleTimeout));
    }

    /// <summary>Sessions idle longer than <paramref name="timeout"/>, whatever their kind.</summary>
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

    /// <summary>The client already holds MAX_SESSIONS_PER_CLIENT sessions.</summary>
    public sealed record ClientQuotaReached(int Quota) : SessionOpening
    {
        public string Message =>
            $"This client already holds {Quota} sessions (MAX_SESSIONS_PER_CLIENT). Close one (WebSocket close, POST /close, openenv/session/close) first.";
    }

    public sealed record FactoryFailed(string FactoryName) : SessionOpening
    {
        public string Message => $"Environment factory '{FactoryName}' failed to create instance.";
    }
}
