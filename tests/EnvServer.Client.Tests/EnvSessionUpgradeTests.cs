namespace EnvServer.Client.Tests;

/// <summary>What the session sends and keeps of the WebSocket upgrade.</summary>
public sealed class EnvSessionUpgradeTests
{
    [Fact]
    public async Task ConnectAsync_WithApiKey_SendsBearerAuthorization() =>
        Assert.Equal("Bearer s3cret", await AuthorizationSentAsync(new EnvSessionOptions { ApiKey = "s3cret" }));

    [Fact]
    public async Task ConnectAsync_WithoutApiKey_SendsNoAuthorization() =>
        Assert.Equal("", await AuthorizationSentAsync(EnvSessionOptions.Default));

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

    private static async Task<string> AuthorizationSentAsync(EnvSessionOptions options)
    {
        var received = new TaskCompletionSource<string>();
        await using var server = await ScriptedServer.StartAsync(async (context, socket) =>
        {
            received.TrySetResult(context.Request.Headers.Authorization.ToString());
            await ScriptedServer.DrainAsync(socket);
        });

        await using var session = await EnvSession.ConnectAsync(server.Url, options);
        return await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
