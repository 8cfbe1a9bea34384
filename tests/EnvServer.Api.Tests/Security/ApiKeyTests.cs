using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using EnvServer.Api.Security;
using EnvServer.Api.Tests.Infrastructure;

namespace EnvServer.Api.Tests.Security;

/// <summary>API_KEY: every surface refuses a request without the key with 401, before any work; health, docs and the console stay public.</summary>
public sealed class ApiKeyTests(ApiKeyTests.KeyedServer server) : IClassFixture<ApiKeyTests.KeyedServer>
{
    public const string Key = "s3cret-key-for-tests";

    public static TheoryData<string, string> ProtectedEndpoints => new()
    {
        { "POST", "/reset" },
        { "POST", "/step" },
        { "GET", "/state" },
        { "POST", "/close" },
        { "GET", "/metadata" },
        { "GET", "/schema" },
        { "POST", "/mcp" },
        { "GET", "/envs" },
        { "POST", "/envs/hiv/reset" },
        { "GET", "/envs/sepsis/metadata" },
        { "POST", "/agent/suggest" },
        { "POST", "/bandit" },
        { "POST", "/health" },
        { "GET", "/no-such-endpoint" },
    };

    [Theory]
    [MemberData(nameof(ProtectedEndpoints))]
    public async Task Request_WithoutKey_Is401WithBearerChallengeAndJsonDetail(string method, string path)
    {
        using var response = await SendAsync(method, path, authorization: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        var detail = WireAssert.Parse(await response.Content.ReadAsStringAsync()).GetProperty("detail").GetString();
        Assert.Contains("Authorization: Bearer", detail);
        Assert.Contains("api_key", detail);
    }

    [Theory]
    [MemberData(nameof(ProtectedEndpoints))]
    public async Task Request_WithWrongKey_Is401InvalidToken(string method, string path)
    {
        using var response = await SendAsync(method, path, new AuthenticationHeaderValue("Bearer", Key + "x"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("Invalid API key.", WireAssert.Parse(await response.Content.ReadAsStringAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Request_WithKeyUnderAnotherScheme_Is401()
    {
        using var response = await SendAsync("GET", "/metadata", new AuthenticationHeaderValue("Basic", Key));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task HttpRequest_WithKeyInQueryOnly_Is401()
    {
        using var response = await SendAsync("GET", $"/metadata?{ApiKeyMiddleware.QueryParameter}={Key}", authorization: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Episode_WithKey_PlaysAsWithoutApiKey()
    {
        var bearer = new AuthenticationHeaderValue("bearer", Key);
        using var reset = await SendAsync("POST", "/reset", bearer, """{"seed":1}""", HttpExchange.NewSession);
        var sessionId = reset.Headers.GetValues(HttpExchange.SessionHeader).Single();

        using var step = await SendAsync("POST", "/step", bearer, """{"action":{"dose":1}}""", sessionId);
        using var metadata = await SendAsync("GET", "/envs/hiv/metadata", bearer);

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal(HttpStatusCode.OK, step.StatusCode);
        Assert.Equal(1, WireAssert.Parse(await step.Content.ReadAsStringAsync()).GetProperty("metadata").GetProperty("step_count").GetInt32());
        Assert.Equal(HttpStatusCode.OK, metadata.StatusCode);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/envs/hiv/health")]
    [InlineData("/openapi.json")]
    [InlineData("/envs/drug-dose/openapi.json")]
    [InlineData("/docs/index.html")]
    [InlineData("/")]
    [InlineData("/console/main.js")]
    [InlineData("/console/app.css")]
    public async Task PublicEndpoint_WithoutKey_Answers200(string path)
    {
        using var response = await SendAsync("GET", path, authorization: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_WithKeySet_DeclaresBearerSchemeForSwaggerUi()
    {
        using var response = await SendAsync("GET", "/openapi.json", authorization: null);

        var document = WireAssert.Parse(await response.Content.ReadAsStringAsync());
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.Equal("bearer", document.GetProperty("security")[0].EnumerateObject().Single().Name);
    }

    [Theory]
    [InlineData("/ws")]
    [InlineData("/mcp")]
    [InlineData("/envs/hiv/ws")]
    [InlineData("/envs/sepsis/mcp")]
    public async Task WebSocketUpgrade_WithoutKey_Is401BeforeUpgrade(string path)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(server.Host.WebSocketUri(path), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
    }

    [Fact]
    public async Task WebSocketUpgrade_WithWrongQueryKey_Is401()
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() =>
            socket.ConnectAsync(server.Host.WebSocketUri($"/ws?{ApiKeyMiddleware.QueryParameter}=wrong"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
    }

    [Theory]
    [InlineData("/ws")]
    [InlineData("/envs/hiv/ws")]
    public async Task WebSocket_WithKeyInHeader_PlaysEpisode(string path)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {Key}");
        await socket.ConnectAsync(server.Host.WebSocketUri(path), CancellationToken.None);
        await using var raw = new RawWebSocket(socket);

        var reset = await raw.RequestAsync("""{"type":"reset","data":{"seed":3}}""");

        Assert.Equal("observation", reset.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("/ws")]
    [InlineData("/envs/sepsis/ws")]
    public async Task WebSocket_WithKeyInQuery_PlaysEpisode(string path)
    {
        await using var raw = await server.Host.ConnectAsync($"{path}?{ApiKeyMiddleware.QueryParameter}={Key}");

        var reset = await raw.RequestAsync("""{"type":"reset","data":{"seed":3}}""");

        Assert.Equal("observation", reset.GetProperty("type").GetString());
    }

    [Fact]
    public async Task McpWebSocket_WithKeyInQuery_AnswersJsonRpc()
    {
        await using var raw = await server.Host.ConnectAsync($"/mcp?{ApiKeyMiddleware.QueryParameter}={Key}");

        var response = await raw.RequestAsync("""{"jsonrpc":"2.0","method":"tools/list","id":7}""");

        WireAssert.RpcResult(response, 7);
    }

    [Fact]
    public void ApiKey_ComparesWholeKeyAndNeverPrintsIt()
    {
        var key = new ApiKey(Key);

        Assert.True(key.Matches(Key));
        Assert.False(key.Matches(Key.AsSpan(0, Key.Length - 1)));
        Assert.False(key.Matches(Key + Key));
        Assert.False(key.Matches(""));
        Assert.DoesNotContain(Key, key.ToString());
        Assert.DoesNotContain(Key, new EnvServer.Api.Hosting.ServerOptions { ApiKey = key }.ToString());
    }

    private async Task<HttpResponseMessage> SendAsync(string method, string path, AuthenticationHeaderValue? authorization, string? body = null, string? sessionId = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Authorization = authorization;
        if (body is not null) request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        if (sessionId is not null) request.Headers.Add(HttpExchange.SessionHeader, sessionId);
        return await server.Host.Http.SendAsync(request);
    }

    /// <summary>One server with API_KEY set, shared by the class.</summary>
    public sealed class KeyedServer : IAsyncLifetime
    {
        private ServerHost? _host;

        public ServerHost Host => _host!;

        public Task InitializeAsync()
        {
            _host = new ServerHost(new Dictionary<string, string> { ["API_KEY"] = Key });
            return Task.CompletedTask;
        }

        public async Task DisposeAsync()
        {
            if (_host is not null) await _host.DisposeAsync();
        }
    }
}
