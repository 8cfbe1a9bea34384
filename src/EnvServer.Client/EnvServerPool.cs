using System.Net.Sockets;
using System.Net.WebSockets;

namespace EnvServer.Client;

/// <summary>
/// Spreads sessions across several servers (replicas need no shared state: the connection is the session).
/// <see cref="OpenAsync"/> places each new session on the live server holding the fewest of this pool's
/// sessions, takes CAPACITY_REACHED as back-pressure (other servers first, then waits with backoff), and
/// skips servers marked down until their <c>/health</c> answers again. A session whose server dies throws
/// <see cref="EpisodeLostException"/>; the caller opens a new one, which lands on a live server.
/// </summary>
/// <remarks>
/// A server is marked down when it refuses a connection or drops a session: the pool cannot tell a crash from
/// a restart or an idle-timeout close, so it leaves the server alone for <see cref="EnvServerPoolOptions.ProbeInterval"/>
/// and trusts <c>/health</c> after that. An idle session on a dead server still counts until its next request fails.
/// Sessions are the caller's to close; disposing the pool closes none.
/// </remarks>
public sealed class EnvServerPool : IDisposable
{
    private readonly PooledServer[] servers;
    private readonly EnvServerPoolOptions options;
    private readonly HttpClient http = new();
    private readonly Lock gate = new();

    // The round-robin position that breaks ties between servers holding equally many sessions.
    private int cursor;

    /// <param name="servers">Server (or environment) base URLs, e.g. <c>http://10.0.0.1:8000/envs/drug-dose</c>.</param>
    /// <param name="options">Placement, back-pressure and probing settings; <see cref="EnvServerPoolOptions.Default"/> when null.</param>
    public EnvServerPool(IEnumerable<Uri> servers, EnvServerPoolOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(servers);
        this.servers = [.. servers.Select(Validated).Select(url => new PooledServer(url))];
        if (this.servers.Length == 0) throw new ArgumentException("The pool needs at least one server URL.", nameof(servers));
        var duplicate = this.servers.GroupBy(s => s.Url).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"'{duplicate.Key}' is listed twice.", nameof(servers));
        this.options = options ?? EnvServerPoolOptions.Default;
        if (this.options.MaxOpenAttempts < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxOpenAttempts must be at least 1.");
    }

    /// <summary>Each server's session count and state, in the order given.</summary>
    public IReadOnlyList<EnvServerStatus> Servers
    {
        get
        {
            lock (gate) return [.. servers.Select(s => new EnvServerStatus(s.Url, s.Sessions, s.IsUp))];
        }
    }

    /// <summary>
    /// Opens a session on the live server holding the fewest of this pool's sessions. The server's admission is
    /// confirmed with a <c>state</c> request, since a full server accepts the upgrade and only then refuses.
    /// </summary>
    /// <exception cref="NoServerAvailableException">Every server stayed full or down for <see cref="EnvServerPoolOptions.MaxOpenAttempts"/> rounds.</exception>
    /// <exception cref="UnauthorizedAccessException">A server refused the API key: retrying elsewhere would not help.</exception>
    public async Task<PooledEnvSession> OpenAsync(CancellationToken ct = default)
    {
        var reasons = new Dictionary<Uri, string>();
        for (var round = 1; ; round++)
        {
            await ProbeDownServersAsync(ct).ConfigureAwait(false);
            var tried = new HashSet<PooledServer>();
            while (Reserve(tried) is { } server)
            {
                tried.Add(server);
                if (await TryOpenOnAsync(server, reasons, ct).ConfigureAwait(false) is { } session) return session;
            }

            foreach (var server in servers)
            {
                if (!tried.Contains(server)) reasons.TryAdd(server.Url, "down (no /health answer since it failed)");
            }

            if (round >= options.MaxOpenAttempts) throw new NoServerAvailableException(round, reasons);
            await Task.Delay(Backoff(round), ct).ConfigureAwait(false);
        }
    }

    public void Dispose() => http.Dispose();

    /// <summary>The failures that mean the connection, not the request, is broken.</summary>
    internal static bool IsConnectionFailure(Exception error) =>
        error is WebSocketException or HttpRequestException or IOException or SocketException or TimeoutException or InvalidDataException;

    /// <summary>A session ended: its slot is free; if its connection broke, the server is suspect.</summary>
    internal void Release(PooledServer server, bool connectionBroke)
    {
        lock (gate)
        {
            server.Sessions--;
            if (connectionBroke) MarkDown(server);
        }
    }

    private PooledServer? Reserve(HashSet<PooledServer> tried)
    {
        lock (gate)
        {
            var index = LeastSessionsPlacement.Choose(servers, tried, cursor);
            if (index < 0) return null;
            cursor = (index + 1) % servers.Length;
            servers[index].Sessions++;
            return servers[index];
        }
    }

    private async Task<PooledEnvSession?> TryOpenOnAsync(PooledServer server, Dictionary<Uri, string> reasons, CancellationToken ct)
    {
        EnvSession? session = null;
        var admitted = false;
        try
        {
            session = await EnvSession.ConnectAsync(server.Url, options.Session, ct).ConfigureAwait(false);
            await session.StateAsync(ct).ConfigureAwait(false);
            admitted = true;
            return new PooledEnvSession(this, server, session);
        }
        catch (EnvServerException error) when (error.Code == EnvServerErrorCodes.CapacityReached)
        {
            reasons[server.Url] = $"at capacity ({error.ServerMessage})";
            return null;
        }
        catch (Exception error) when (IsConnectionFailure(error))
        {
            reasons[server.Url] = $"down ({error.Message})";
            lock (gate) MarkDown(server);
            return null;
        }
        finally
        {
            if (!admitted)
            {
                Release(server, connectionBroke: false);
                if (session is not null) await session.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Probes the down servers that are due, or every down server when none is up (a lone URL behind a load
    /// balancer must not stay down because one replica died), one probe per server at a time.
    /// </summary>
    private Task ProbeDownServersAsync(CancellationToken ct)
    {
        List<Task>? probes = null;
        lock (gate)
        {
            var noneUp = !servers.Any(s => s.IsUp);
            var now = Environment.TickCount64;
            foreach (var server in servers)
            {
                if (server.IsUp || !(noneUp || now >= server.NextProbeAt)) continue;
                // Run off this thread so that the probe's own lock is never taken while this one is held.
                server.Probe ??= Task.Run(() => ProbeAsync(server));
                (probes ??= []).Add(server.Probe);
            }
        }

        return probes is null ? Task.CompletedTask : Task.WhenAll(probes).WaitAsync(ct);
    }

    private async Task ProbeAsync(PooledServer server)
    {
        var healthy = false;
        try
        {
            using var timeout = new CancellationTokenSource(options.ProbeTimeout);
            using var response = await http.GetAsync(server.HealthUrl, timeout.Token).ConfigureAwait(false);
            healthy = response.IsSuccessStatusCode;
        }
        catch (Exception error) when (error is HttpRequestException or OperationCanceledException)
        {
            // Still down: probed again after the next interval.
        }

        lock (gate)
        {
            server.Probe = null;
            server.IsUp = healthy;
            if (!healthy) server.NextProbeAt = Environment.TickCount64 + (long)options.ProbeInterval.TotalMilliseconds;
        }
    }

    /// <summary>Call under the lock.</summary>
    private void MarkDown(PooledServer server)
    {
        if (!server.IsUp) return;
        server.IsUp = false;
        server.NextProbeAt = Environment.TickCount64 + (long)options.ProbeInterval.TotalMilliseconds;
    }

    private TimeSpan Backoff(int round)
    {
        var doubled = options.InitialBackoff.Ticks * Math.Pow(2, Math.Min(round - 1, 30));
        return TimeSpan.FromTicks((long)Math.Min(doubled, options.MaxBackoff.Ticks));
    }

    private static Uri Validated(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"'{url}' must be an absolute http or https URL: the pool probes its /health over HTTP.", nameof(url));
        }

        return url;
    }
}
