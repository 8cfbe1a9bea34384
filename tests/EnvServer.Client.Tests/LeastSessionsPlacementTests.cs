namespace EnvServer.Client.Tests;

public sealed class LeastSessionsPlacementTests
{
    [Fact]
    public void Choose_UnequalCounts_PicksTheFewest()
    {
        var servers = Servers(3, 1, 2);

        Assert.Equal(1, LeastSessionsPlacement.Choose(servers, new HashSet<PooledServer>(), start: 2));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 2)]
    [InlineData(2, 2)]
    [InlineData(3, 0)]
    public void Choose_TieBetweenServers_PicksFirstFromStartInRoundRobinOrder(int start, int expected)
    {
        // Servers 0 and 2 tie on one session; server 1 has more.
        var servers = Servers(1, 4, 1, 5);

        Assert.Equal(expected, LeastSessionsPlacement.Choose(servers, new HashSet<PooledServer>(), start));
    }

    [Fact]
    public void Choose_FewestIsDownOrTried_SkipsThem()
    {
        var servers = Servers(0, 1, 2);
        servers[0].IsUp = false;

        Assert.Equal(2, LeastSessionsPlacement.Choose(servers, new HashSet<PooledServer> { servers[1] }, start: 0));
    }

    [Fact]
    public void Choose_NoneEligible_ReturnsMinusOne()
    {
        var servers = Servers(0, 0);
        servers[1].IsUp = false;

        Assert.Equal(-1, LeastSessionsPlacement.Choose(servers, new HashSet<PooledServer> { servers[0] }, start: 0));
    }

    private static PooledServer[] Servers(params int[] sessions) =>
        [.. sessions.Select((count, i) => new PooledServer(new Uri($"http://10.0.0.{i + 1}:8000/")) { Sessions = count })];
}
