using System.Globalization;
using System.Text;

namespace EnvServer.Client;

/// <summary>
/// Settings of one <see cref="EnvSession"/>. The defaults are those of the OpenEnv Python client, so a
/// .NET caller behaves like the clients the server is written for.
/// </summary>
public sealed record EnvSessionOptions
{
    /// <summary>Shared default instance.</summary>
    public static readonly EnvSessionOptions Default = new();

    /// <summary>How long the WebSocket upgrade may take. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long one request may wait for its reply. Default 60 s. A timed-out session is aborted, since a
    /// late reply would otherwise be read as the answer to the next request (OpenEnv issue #1143).
    /// </summary>
    public TimeSpan MessageTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Interval of the WebSocket keep-alive frames that keep idle connections open through proxies and
    /// NATs. Default 20 s; <see cref="TimeSpan.Zero"/> turns them off.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Largest reply accepted, in bytes. Default 100 MiB, as the OpenEnv client.</summary>
    public int MaxMessageSize { get; init; } = 100 * 1024 * 1024;

    /// <summary>
    /// The server's API key, sent on the WebSocket upgrade as <c>Authorization: Bearer &lt;key&gt;</c>. Default none,
    /// for servers without API_KEY.
    /// </summary>
    public string? ApiKey { get; init; }

    /// <summary>
    /// Keep the upgrade response's headers in <see cref="EnvSession.UpgradeResponseHeaders"/>, e.g. to see which
    /// replica a load balancer chose. Default false: a session holds no headers it was not asked for.
    /// </summary>
    public bool CollectUpgradeResponseHeaders { get; init; }

    // Options end up in logs; the key must not (the record's generated ToString would print it).
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture,
            $"ConnectTimeout = {ConnectTimeout}, MessageTimeout = {MessageTimeout}, KeepAliveInterval = {KeepAliveInterval}, " +
            $"MaxMessageSize = {MaxMessageSize}, ApiKey = {(ApiKey is null ? "null" : "[redacted]")}, " +
            $"CollectUpgradeResponseHeaders = {CollectUpgradeResponseHeaders}");
        return true;
    }
}
