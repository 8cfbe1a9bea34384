using EnvServer.Api.Security;

namespace EnvServer.Api.Hosting;

/// <summary>
/// Server settings, bound from configuration: environment variables of the same names
/// (MAX_CONCURRENT_ENVS, SESSION_IDLE_TIMEOUT, ...) or appsettings. Every default is documented
/// in .env.example.
/// </summary>
public sealed record ServerOptions
{
    /// <summary>Environment served at the root surface (/reset, /ws, ...). Default <c>drug-dose</c>.</summary>
    public string DefaultEnv { get; init; } = "drug-dose";

    /// <summary>
    /// Most sessions alive at once, over WebSocket, HTTP and MCP together. Default 1024: TRL opens one
    /// WebSocket per generation in flight and keeps it for the whole run.
    /// </summary>
    public int MaxConcurrentEnvs { get; init; } = 1024;

    /// <summary>A session with no request for this long is closed and its slot freed. Default 30 minutes.</summary>
    public TimeSpan SessionIdleTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The idle timeout of HTTP sessions (POST /reset with <c>X-Session-Id: new</c>). Default 5 minutes: unlike a
    /// WebSocket, an HTTP session has no connection whose end frees it, so a script that forgets POST /close holds a slot
    /// until this runs out.
    /// </summary>
    public TimeSpan HttpSessionIdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Most sessions one client address may hold at once, over every transport. Default 256, a quarter of the default
    /// capacity: one client cannot take every slot, and a TRL run with up to 256 generations in flight from one machine
    /// still fits. Behind a reverse proxy every client shares the proxy's address: raise it. 0 disables.
    /// </summary>
    public int MaxSessionsPerClient { get; init; } = 256;

    /// <summary>
    /// Interval of the server's WebSocket pings. Default 20 s, as the Python client's own pings.
    /// Pings are control frames: they never break the one-reply-per-request rule.
    /// </summary>
    public TimeSpan WsKeepAliveInterval { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>A WebSocket whose peer answers no ping within this time is dropped (half-open detection). Default 20 s.</summary>
    public TimeSpan WsKeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Largest accepted request (WebSocket message or HTTP body), in bytes. Default 16 MiB: actions can be
    /// long texts, yet one client must not be able to exhaust memory. A larger message gets a
    /// VALIDATION_ERROR (WS) or 413 (HTTP), and the session stays open.
    /// </summary>
    public int MaxMessageBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>
    /// Shared secret of the API. When set, every request but GET /health, Swagger UI (/docs, /openapi.json) and
    /// the web console's static files must carry <c>Authorization: Bearer &lt;key&gt;</c>; a WebSocket upgrade may
    /// carry it as the query parameter <c>api_key</c> instead, since browsers cannot set WebSocket headers.
    /// Default null: no key, the API is open (as OpenEnv's reference server).
    /// </summary>
    public ApiKey? ApiKey { get; init; }

    /// <summary>
    /// Messages per second one client may send: per WebSocket connection, and per HTTP session (requests with
    /// an X-Session-Id). Token bucket holding one second of messages, so bursts up to this many pass.
    /// Default 50,000: above the fastest single connection measured (17,000 steps/s on 2 cores) and far above
    /// TRL's or the training worker's rate, so only a flood is refused. 0 disables.
    /// </summary>
    public int MaxMessagesPerSecond { get; init; } = 50_000;

    /// <summary>
    /// HTTP requests per second from one client address that name no session (POST /reset, stateless /step,
    /// /metadata, /mcp, WebSocket upgrades...). Default 50,000; 0 disables. Behind a reverse proxy every
    /// client shares the proxy's address: raise it, or limit at the proxy.
    /// </summary>
    public int MaxRequestsPerSecondPerClient { get; init; } = 50_000;

    /// <summary>
    /// Steps after which the server truncates an episode, whatever the environment's own horizon or a
    /// client's max_steps option: the step that reaches it returns truncated (done), as Gymnasium's
    /// TimeLimit, and a further step is refused until reset. Default 10,000: every built-in environment's
    /// largest max_steps, so only an environment without a horizon ever reaches it.
    /// </summary>
    public int MaxEpisodeSteps { get; init; } = 10_000;

    /// <summary>
    /// Bytes of client messages one WebSocket connection reads ahead of the one being answered (WS_MAX_QUEUED_BYTES).
    /// Past it the server stops reading that socket until the queue drains, so a client that sends without reading
    /// its replies waits on its own socket. Default 1 MiB; a queued message may take it over by one message.
    /// </summary>
    public int WsMaxQueuedBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// Large inputs (HTTP bodies and WebSocket messages over 64 KiB) read, parsed and handled at once, server-wide
    /// (MAX_CONCURRENT_LARGE_BODIES); further ones wait for a slot. Default 4: large inputs in flight then hold at most
    /// 4 × MAX_MESSAGE_BYTES, whatever the number of clients. Steps and resets are far smaller and never wait.
    /// </summary>
    public int MaxConcurrentLargeBodies { get; init; } = 4;

    /// <summary>
    /// Origins, besides the server's own, whose web pages may open WebSockets and POST to the API (ALLOWED_ORIGINS,
    /// comma-separated, e.g. <c>https://lab.example.org</c>; <c>*</c> allows every origin). Default empty: only the
    /// server's own pages (the web console) and clients that send no Origin header (curl, Python, the .NET client).
    /// Without this check any web page a user visits could drive a server on their machine.
    /// </summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>
    /// Bandit oracles (POST /bandit/datasets) one client address holds (BANDIT_MAX_ORACLES_PER_CLIENT); creating one more
    /// drops that client's least recently used oracle. Default 4.
    /// </summary>
    public int BanditMaxOraclesPerClient { get; init; } = 4;

    /// <summary>How often idle sessions are looked for: a quarter of the shorter timeout, between 50 ms and 30 s.</summary>
    public TimeSpan ReaperInterval => TimeSpan.FromTicks(Math.Clamp(
        Math.Min(SessionIdleTimeout.Ticks, HttpSessionIdleTimeout.Ticks) / 4, TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromSeconds(30).Ticks));
}
