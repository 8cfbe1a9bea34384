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

    /// <summary>How often idle sessions are looked for: a quarter of the timeout, between 50 ms and 30 s.</summary>
    public TimeSpan ReaperInterval => TimeSpan.FromTicks(Math.Clamp(SessionIdleTimeout.Ticks / 4, TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromSeconds(30).Ticks));
}
