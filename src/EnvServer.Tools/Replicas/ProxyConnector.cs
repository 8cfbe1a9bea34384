using EnvServer.Client;

namespace EnvServer.Tools.Replicas;

/// <summary>
/// Sessions through a load balancer at one URL; the replica that took each one is read from the header the
/// balancer adds to the WebSocket upgrade response (nginx: <c>add_header X-Upstream-Addr $upstream_addr always</c>).
/// </summary>
internal sealed class ProxyConnector(Uri url, string upstreamHeader, EnvSessionOptions sessionOptions) : IReplicaConnector
{
    private readonly EnvSessionOptions options = sessionOptions with { CollectUpgradeResponseHeaders = true };

    public string Description => $"through the proxy at {url}";

    public async Task<ReplicaConnection> OpenAsync()
    {
        var session = await EnvSession.ConnectAsync(url, options);
        if (!session.UpgradeResponseHeaders.TryGetValue(upstreamHeader, out var values) || !values.Any())
        {
            await session.DisposeAsync();
            throw new InvalidOperationException($"The upgrade response from {url} has no {upstreamHeader} header.");
        }

        // nginx lists every replica it tried ("a, b"); the last one took the connection.
        var tried = values.Last().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return new ReplicaConnection(tried, kwargs => session.ResetAsync(kwargs), action => session.StepAsync(action), session);
    }
}
