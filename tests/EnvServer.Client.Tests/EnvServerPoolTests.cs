namespace EnvServer.Client.Tests;

/// <summary>Placement, back-pressure and server loss across several real servers on loopback.</summary>
public sealed class EnvServerPoolTests
{
    private static readonly object FixedPatient = new { task_id = "fixed_patient", seed = 3 };
    private static readonly object HalfDose = new { dose = 0.5 };

    private static readonly Dictionary<string, string> OneSlot = new() { ["MAX_CONCURRENT_ENVS"] = "1" };

    // Short waits, so that back-pressure and re-probing happen within a test; a long probe timeout, so that a
    // slow first /health on a loaded machine does not count as down.
    private static readonly EnvServerPoolOptions Quick = new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(20),
        MaxBackoff = TimeSpan.FromMilliseconds(100),
        ProbeInterval = TimeSpan.FromMilliseconds(200),
        ProbeTimeout = TimeSpan.FromSeconds(30),
    };

    [Fact]
    public async Task OpenAsync_ThreeServers_PlacesEachSessionOnTheServerWithFewest()
    {
        await using var replicas = ReplicaSet.Start(3);
        using var pool = new EnvServerPool(replicas.Urls);

        var sessions = await OpenManyAsync(pool, 7);

        // Equal counts are broken in round-robin order, so the servers take turns.
        Assert.Equal([0, 1, 2, 0, 1, 2, 0], sessions.Select(s => replicas.IndexOf(s.Server)));
        Assert.Equal([3, 2, 2], pool.Servers.Select(s => s.Sessions));
        var active = await ActiveSessionsAsync(replicas);
        Assert.Equal([3, 2, 2], active);
        await CloseAllAsync(sessions);
        Assert.Equal([0, 0, 0], pool.Servers.Select(s => s.Sessions));
    }

    [Fact]
    public async Task OpenAsync_ManyAtOnce_SpreadsThemEvenly()
    {
        await using var replicas = ReplicaSet.Start(3);
        using var pool = new EnvServerPool(replicas.Urls);

        // Each opening counts on its server as soon as it is placed, so concurrent openings do not pile up.
        var sessions = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => pool.OpenAsync()));

        Assert.Equal([10, 10, 10], pool.Servers.Select(s => s.Sessions));
        var active = await ActiveSessionsAsync(replicas);
        Assert.Equal([10, 10, 10], active);
        await CloseAllAsync(sessions);
    }

    [Fact]
    public async Task OpenAsync_AfterSessionsCloseOnOneServer_FillsThatServerFirst()
    {
        await using var replicas = ReplicaSet.Start(3);
        using var pool = new EnvServerPool(replicas.Urls);
        var sessions = await OpenManyAsync(pool, 6);
        var onMiddle = sessions.Where(s => s.Server == replicas[1].Url).ToList();
        await CloseAllAsync(onMiddle);
        sessions.RemoveAll(onMiddle.Contains);

        sessions.AddRange(await OpenManyAsync(pool, 2));

        Assert.All(sessions[^2..], s => Assert.Equal(replicas[1].Url, s.Server));
        Assert.Equal([2, 2, 2], pool.Servers.Select(s => s.Sessions));
        await CloseAllAsync(sessions);
    }

    [Fact]
    public async Task OpenAsync_ServerFilledByAnotherClient_TriesTheNextServer()
    {
        await using var replicas = ReplicaSet.Start(2, OneSlot);
        await using var other = await EnvSession.ConnectAsync(replicas[0].Url);
        await other.ResetAsync(FixedPatient);
        using var pool = new EnvServerPool(replicas.Urls);

        // The pool holds nothing anywhere, so it tries replica 0 first and hears CAPACITY_REACHED.
        await using var session = await pool.OpenAsync();

        Assert.Equal(replicas[1].Url, session.Server);
        Assert.Equal([0, 1], pool.Servers.Select(s => s.Sessions));
        Assert.All(pool.Servers, s => Assert.True(s.IsUp));
        Assert.False((await session.ResetAsync(FixedPatient)).Done);
    }

    [Fact]
    public async Task OpenAsync_AllServersFull_WaitsAndOpensWhereASlotIsFreed()
    {
        await using var replicas = ReplicaSet.Start(2, OneSlot);
        await using var holder0 = await EnvSession.ConnectAsync(replicas[0].Url);
        await holder0.ResetAsync(FixedPatient);
        var holder1 = await EnvSession.ConnectAsync(replicas[1].Url);
        await holder1.ResetAsync(FixedPatient);
        using var pool = new EnvServerPool(replicas.Urls, Quick with { MaxOpenAttempts = 200 });

        var opening = pool.OpenAsync();
        await Task.Delay(300);
        Assert.False(opening.IsCompleted);
        await holder1.CloseAsync();
        await using var session = await opening;

        Assert.Equal(replicas[1].Url, session.Server);
        await session.ResetAsync(FixedPatient);
        Assert.Equal(1, (await session.StepAsync(HalfDose)).GetDouble("metadata.step_count"));
    }

    [Fact]
    public async Task OpenAsync_AllServersStayFull_ThrowsNoServerAvailableNamingEachServer()
    {
        await using var replicas = ReplicaSet.Start(2, OneSlot);
        await using var holder0 = await EnvSession.ConnectAsync(replicas[0].Url);
        await holder0.ResetAsync(FixedPatient);
        await using var holder1 = await EnvSession.ConnectAsync(replicas[1].Url);
        await holder1.ResetAsync(FixedPatient);
        using var pool = new EnvServerPool(replicas.Urls, Quick with { MaxOpenAttempts = 3 });

        var error = await Assert.ThrowsAsync<NoServerAvailableException>(() => pool.OpenAsync());

        Assert.Equal(3, error.Attempts);
        Assert.Equal(replicas.Urls.ToHashSet(), error.Reasons.Keys.ToHashSet());
        Assert.All(error.Reasons.Values, reason => Assert.Contains("at capacity", reason));
        Assert.Equal([0, 0], pool.Servers.Select(s => s.Sessions));
    }

    [Fact]
    public async Task StepAsync_ServerKilledMidEpisode_LosesOnlyItsEpisodesAndNewSessionsGoElsewhere()
    {
        await using var replicas = ReplicaSet.Start(3);
        using var pool = new EnvServerPool(replicas.Urls, Quick with { ProbeInterval = TimeSpan.FromMinutes(5) });
        var sessions = new List<PooledEnvSession>();
        for (var i = 0; i < 6; i++)
        {
            var session = await pool.OpenAsync();
            await session.ResetAsync(FixedPatient);
            for (var step = 0; step < 3; step++) await session.StepAsync(HalfDose);
            sessions.Add(session);
        }

        await replicas[1].KillAsync();
        var outcomes = await Task.WhenAll(sessions.Select(async s =>
        {
            try
            {
                await s.StepAsync(HalfDose);
                return null;
            }
            catch (EpisodeLostException lost)
            {
                return lost;
            }
        }));

        for (var i = 0; i < sessions.Count; i++)
        {
            if (sessions[i].Server == replicas[1].Url)
            {
                var lost = Assert.IsType<EpisodeLostException>(outcomes[i]);
                Assert.Equal(replicas[1].Url, lost.Server);
                Assert.Equal(sessions[i].EpisodeId, lost.EpisodeId);
                Assert.NotNull(lost.EpisodeId);
                Assert.Equal(3, lost.Steps);
                Assert.True(sessions[i].IsLost);
            }
            else
            {
                Assert.Null(outcomes[i]);
                Assert.Equal(4, sessions[i].Steps);
            }
        }

        Assert.Equal(2, outcomes.Count(o => o is not null));
        var replacements = await OpenManyAsync(pool, 4);
        foreach (var replacement in replacements) Assert.False((await replacement.ResetAsync(FixedPatient)).Done);

        Assert.DoesNotContain(replacements, s => s.Server == replicas[1].Url);
        Assert.Equal([new(replicas[0].Url, 4, true), new(replicas[1].Url, 0, false), new(replicas[2].Url, 4, true)], pool.Servers);
        await CloseAllAsync([.. sessions, .. replacements]);
    }

    [Fact]
    public async Task OpenAsync_KilledServerBackUp_IsProbedAndUsedAgain()
    {
        await using var replicas = ReplicaSet.Start(2);
        using var pool = new EnvServerPool(replicas.Urls, Quick);
        await using var first = await pool.OpenAsync();
        await using var second = await pool.OpenAsync();
        Assert.Equal(replicas[0].Url, first.Server);
        await replicas[0].KillAsync();
        await Assert.ThrowsAsync<EpisodeLostException>(() => first.ResetAsync(FixedPatient));

        // While replica 0 is down, even the emptier server gets nothing.
        await using var whileDown = await pool.OpenAsync();
        Assert.Equal(replicas[1].Url, whileDown.Server);

        replicas[0].Restart();
        await Task.Delay(Quick.ProbeInterval * 2);
        await using var afterProbe = await pool.OpenAsync();

        Assert.Equal(replicas[0].Url, afterProbe.Server);
        Assert.True(pool.Servers[0].IsUp);
        Assert.False((await afterProbe.ResetAsync(FixedPatient)).Done);
    }

    [Fact]
    public async Task OpenAsync_OnlyServerRefusesConnections_ThrowsNoServerAvailableSayingDown()
    {
        var replica = ReplicaServer.Start();
        await replica.KillAsync();
        using var pool = new EnvServerPool([replica.Url], Quick with { MaxOpenAttempts = 2 });

        var error = await Assert.ThrowsAsync<NoServerAvailableException>(() => pool.OpenAsync());

        Assert.StartsWith("down", error.Reasons[replica.Url]);
        Assert.False(pool.Servers[0].IsUp);
    }

    [Fact]
    public void Constructor_NoServers_Throws() =>
        Assert.Throws<ArgumentException>(() => new EnvServerPool([]));

    [Fact]
    public void Constructor_SameServerTwice_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => new EnvServerPool([new Uri("http://127.0.0.1:8000/"), new Uri("http://127.0.0.1:8000/")]));

        Assert.Contains("listed twice", error.Message);
    }

    [Fact]
    public void Constructor_WebSocketUrl_ThrowsAskingForHttp()
    {
        var error = Assert.Throws<ArgumentException>(() => new EnvServerPool([new Uri("ws://127.0.0.1:8000/ws")]));

        Assert.Contains("http or https", error.Message);
    }

    /// <summary>Opens one after another, so that placement sees each earlier session.</summary>
    private static async Task<List<PooledEnvSession>> OpenManyAsync(EnvServerPool pool, int count)
    {
        var sessions = new List<PooledEnvSession>();
        for (var i = 0; i < count; i++) sessions.Add(await pool.OpenAsync());
        return sessions;
    }

    private static async Task<List<int>> ActiveSessionsAsync(ReplicaSet replicas)
    {
        using var http = new HttpClient();
        var counts = new List<int>();
        foreach (var url in replicas.Urls) counts.Add((await new EnvHttpClient(http, url).HealthAsync()).GetProperty("active_sessions").GetInt32());
        return counts;
    }

    private static async Task CloseAllAsync(IEnumerable<PooledEnvSession> sessions)
    {
        foreach (var session in sessions) await session.CloseAsync();
    }
}
