namespace EnvServer.Client.Tests;

public sealed class ConstrainedServerTests(ConstrainedServerFixture server) : IClassFixture<ConstrainedServerFixture>
{
    private static readonly object FixedPatient = new { task_id = "fixed_patient" };

    [Fact]
    public async Task ResetAsync_ServerAtCapacity_ThrowsCapacityReachedWithCounts()
    {
        await WaitUntilNoSessionsAsync();
        await using var first = await EnvSession.ConnectAsync(server.DrugDoseUrl);
        await first.ResetAsync(FixedPatient);
        await using var second = await EnvSession.ConnectAsync(server.DrugDoseUrl);

        // The server's error frame comes unasked right after the upgrade; it answers the first request.
        var error = await Assert.ThrowsAsync<EnvServerException>(() => second.ResetAsync(FixedPatient));

        Assert.Equal(EnvServerErrorCodes.CapacityReached, error.Code);
        Assert.Equal(1, error.Details.GetProperty("max_sessions").GetInt32());
        Assert.Equal(1, error.Details.GetProperty("active_sessions").GetInt32());
    }

    [Fact]
    public async Task StepAsync_AfterIdlingPastServerKeepAlive_SessionIsStillOpen()
    {
        await WaitUntilNoSessionsAsync();
        await using var session = await EnvSession.ConnectAsync(server.DrugDoseUrl);
        await session.ResetAsync(FixedPatient);

        // Several ping rounds: a client with no receive posted would not answer, and be dropped within 1 s.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var result = await session.StepAsync(new { dose = 0.5 });

        Assert.Equal(1, result.GetDouble("metadata.step_count"));
    }

    /// <summary>The one slot is freed shortly after the previous test's session closes.</summary>
    private async Task WaitUntilNoSessionsAsync()
    {
        var client = new EnvHttpClient(server.Http, server.RootUrl);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if ((await client.HealthAsync()).GetProperty("active_sessions").GetInt32() == 0) return;
            await Task.Delay(20);
        }

        Assert.Fail("A session of an earlier test is still open.");
    }
}
