namespace EnvServer.Client.Tests;

/// <summary>
/// A server with one session slot and a 0.5 s keep-alive (pings every 0.5 s, a peer silent for 0.5 s more
/// is dropped), for the capacity and idle-connection behaviour.
/// </summary>
public sealed class ConstrainedServerFixture() : ServerFixture(new Dictionary<string, string>
{
    ["MAX_CONCURRENT_ENVS"] = "1",
    ["WS_KEEPALIVE_INTERVAL"] = "0.5",
    ["WS_KEEPALIVE_TIMEOUT"] = "0.5",
});
