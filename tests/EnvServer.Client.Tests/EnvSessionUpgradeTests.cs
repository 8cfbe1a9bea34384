namespace EnvServer.Client.Tests;

/// <summary>What the session sends and keeps of the WebSocket upgrade.</summary>
public sealed class EnvSessionUpgradeTests
{
    [Fact]
    public async Task ConnectAsync_WithApiKey_SendsBearerAuthorization()
    {
        var received = new TaskCompletionSource<string?>();
        await using var server = await ScriptedServer.StartAsync(async (context, socket) =>
        {
            received.TrySetResult(context.Request.Headers.Authorization.ToString());
            await ScriptedServer.DrainAsync(socket);
        });

        await using var session = await EnvSession.ConnectAsync(server.Url, new EnvSessionOptions { ApiKey = "s3cret" });

        Assert.Equal("Bearer s3cret", await received.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task ConnectAsync_WithoutApiKey_SendsNoAuthorization()
    {
        var received = new TaskCompletionSource<string?>();
        await using var server = await ScriptedServer.StartAsync(async (context, socket) =>
        {
            received.TrySetResult(context.Request.Headers.Authorization.ToString());
            await ScriptedServer.DrainAsync(socket);
        });

        await using var session = await EnvSession.ConnectAsync(server.Url);

        Assert.Equal("", await received.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task UpgradeResponseHeaders_WhenCollected_HoldTheUpgradeResponseHeaders()
    {
        await using var server = await ScriptedServer.StartAsync(
            (_, socket) => ScriptedServer.DrainAsync(socket),
            context => context.Response.Headers["X-Upstream"] = "replica-7");

        await using var collected = await EnvSession.ConnectAsync(server.Url, new EnvSessionOptions { CollectUpgradeResponseHeaders = true });
        await using var plain = await EnvSession.ConnectAsync(server.Url);

        Assert.Equal(["replica-7"], collected.UpgradeResponseHeaders["X-Upstream"]);
        Assert.Empty(plain.UpgradeResponseHeaders);
    }
}
