using System.Net;
using System.Net.WebSockets;
using System.Text;
using EnvServer.Api.Tests.Infrastructure;

namespace EnvServer.Api.Tests.Security;

/// <summary>
/// Issue 17, defect 10: a web page of another origin must not drive the server through its visitor's browser
/// (WebSocket upgrades, simple-request POSTs); the server's own console, ALLOWED_ORIGINS and Origin-less tools still work.
/// </summary>
public sealed class OriginCheckTests
{
    private const string Evil = "http://evil.example";
    private const string Lab = "https://lab.example.org";

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/json")]
    public async Task Post_FromOtherOrigin_Is403NamingSetting(string contentType)
    {
        await using var server = new ServerHost();

        using var response = await PostAsync(server, "/reset", contentType, Evil);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("ALLOWED_ORIGINS", await response.Content.ReadAsStringAsync());
        using var bandit = await PostAsync(server, "/bandit/datasets", "text/plain", Evil);
        Assert.Equal(HttpStatusCode.Forbidden, bandit.StatusCode);
    }

    [Fact]
    public async Task WebSocketUpgrade_FromOtherOrigin_Refused403()
    {
        await using var server = new ServerHost();
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", Evil);
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(server.WebSocketUri("/envs/drug-dose/ws"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    [Fact]
    public async Task SameOriginAndOriginlessAndAllowed_Accepted()
    {
        await using var server = new ServerHost(new Dictionary<string, string> { ["ALLOWED_ORIGINS"] = Lab + "/, http://other.example" });
        var own = $"http://{server.BaseAddress.Authority}";

        using var console = await PostAsync(server, "/reset", "application/json", own);
        using var curl = await PostAsync(server, "/reset", "application/x-www-form-urlencoded", origin: null);
        using var lab = await PostAsync(server, "/reset", "text/plain", Lab);
        using var evil = await PostAsync(server, "/reset", "text/plain", Evil);

        Assert.Equal(HttpStatusCode.OK, console.StatusCode);
        Assert.Equal(HttpStatusCode.OK, curl.StatusCode);
        Assert.Equal(HttpStatusCode.OK, lab.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, evil.StatusCode);
        foreach (var origin in new[] { own, Lab })
        {
            using var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("Origin", origin);
            await socket.ConnectAsync(server.WebSocketUri("/envs/drug-dose/ws"), CancellationToken.None);
            Assert.Equal(WebSocketState.Open, socket.State);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
    }

    private static async Task<HttpResponseMessage> PostAsync(ServerHost server, string path, string contentType, string? origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes("{}")) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        if (origin is not null) request.Headers.TryAddWithoutValidation("Origin", origin);
        return await server.Http.SendAsync(request);
    }
}
