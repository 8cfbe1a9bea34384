using Microsoft.AspNetCore.Http;

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

    [Theory]
    [InlineData(null, "needs an API key")]
    [InlineData("wrong", "did not accept the API key")]
    public async Task ConnectAsync_UpgradeRefusedWith401_ThrowsUnauthorizedNamingTheKey(string? apiKey, string advice)
    {
        await using var server = await RefusingServerAsync();

        var error = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => EnvSession.ConnectAsync(server.Url, new EnvSessionOptions { ApiKey = apiKey }));

        Assert.Contains("HTTP 401", error.Message);
        Assert.Contains(advice, error.Message);
    }

    [Fact]
    public async Task OpenAsync_ServerRefusesTheApiKey_ThrowsAtOnceWithoutMarkingItDown()
    {
        await using var server = await RefusingServerAsync();
        using var pool = new EnvServerPool([server.Url]);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => pool.OpenAsync());

        Assert.Equal([new EnvServerStatus(server.Url, 0, true)], pool.Servers);
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

    private static Task<ScriptedServer> RefusingServerAsync() =>
        ScriptedServer.StartAsync((_, socket) => ScriptedServer.DrainAsync(socket), context => context.Response.StatusCode = StatusCodes.Status401Unauthorized);

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
