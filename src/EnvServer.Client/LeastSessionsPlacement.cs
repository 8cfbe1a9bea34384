namespace EnvServer.Client;

/// <summary>
/// Picks the server for a new session: the live, untried one holding the fewest of the pool's sessions. Ties go
/// to the first in round-robin order from <c>start</c>, so equal servers take turns rather than the first
/// in the list filling up first.
/// </summary>
internal static class LeastSessionsPlacement
{
    /// <returns>The chosen index, or -1 when every server is down or already tried.</returns>
    public static int Choose(IReadOnlyList<PooledServer> servers, IReadOnlySet<PooledServer> tried, int start)
    {
        var best = -1;
        for (var offset = 0; offset < servers.Count; offset++)
        {
            var index = (start + offset) % servers.Count;
            var server = servers[index];
            if (!server.IsUp || tried.Contains(server)) continue;
            if (best < 0 || server.Sessions < servers[best].Sessions) best = index;
        }

        return best;
    }
}
