using System.Net;
using EnvServer.Api.Sessions;
using EnvServer.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EnvServer.Api.Tests.Regressions;

/// <summary>Issue 17: HTTP sessions, which no connection end frees, have their own shorter idle timeout.</summary>
public sealed class HttpSessionIdleTimeoutTests
{
    [Fact]
    public async Task HttpSession_IdlePastHttpTimeout_IsClosedWhileWebSocketSessionStays()
    {
        await using var server = ConformanceServer.Start(new Dictionary<string, string>
        {
            ["HTTP_SESSION_IDLE_TIMEOUT"] = "0.3",
            ["SESSION_IDLE_TIMEOUT"] = "600",
            ["WS_KEEPALIVE_INTERVAL"] = "0",
        });
        var id = (await HttpExchange.PostAsync(server.Http, "/reset", "{}", HttpExchange.NewSession)).SessionId;
        await using var socket = await server.ConnectAsync();
        await socket.RequestAsync("""{"type":"reset"}""");

        // Looking the session up (unlike a request) does not count as activity.
        var sessions = server.Services.GetRequiredService<SessionManager>();
        for (var i = 0; i < 200 && sessions.Find(id!) is not null; i++) await Task.Delay(50);

        Assert.Equal(HttpStatusCode.NotFound, (await HttpExchange.GetAsync(server.Http, "/state", id)).Status);
        Assert.Equal("state", (await socket.RequestAsync("""{"type":"state"}""")).GetProperty("type").GetString());
    }
}
