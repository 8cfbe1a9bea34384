using System.Net.WebSockets;

namespace EnvServer.Client.Tests;

/// <summary>How a session behaves when the server misbehaves: it must fail loudly, never shift replies.</summary>
public sealed class EnvSessionFailureTests
{
    private const string Observation = """{"type":"observation","data":{"observation":{},"reward":null,"done":false}}""";

    [Fact]
    public async Task StepAsync_ServerNeverReplies_ThrowsTimeoutAndEndsSession()
    {
        await using var server = await ScriptedServer.StartAsync(ScriptedServer.DrainAsync);
        await using var session = await EnvSession.ConnectAsync(server.Url, new EnvSessionOptions { MessageTimeout = TimeSpan.FromMilliseconds(300) });

        await Assert.ThrowsAsync<TimeoutException>(() => session.StepAsync(new { dose = 0.5 }));

        // A late reply would answer the wrong request, so the session does not go on.
        await Assert.ThrowsAsync<TimeoutException>(() => session.StepAsync(new { dose = 0.5 }));
    }

    [Fact]
    public async Task StepAsync_CallerCancels_ThrowsOperationCanceled()
    {
        await using var server = await ScriptedServer.StartAsync(ScriptedServer.DrainAsync);
        await using var session = await EnvSession.ConnectAsync(server.Url);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => session.StepAsync(new { dose = 0.5 }, cancel.Token));
    }

    [Fact]
    public async Task StepAsync_ReplyOfSeveralMegabytes_IsReassembled()
    {
        var note = new string('n', 3 * 1024 * 1024);
        await using var server = await ScriptedServer.StartAsync(async socket =>
        {
            await ScriptedServer.ReceiveAsync(socket);
            await ScriptedServer.SendAsync(socket, "{\"type\":\"observation\",\"data\":{\"observation\":{\"note\":\"" + note + "\"},\"reward\":1.0,\"done\":false}}");
            await ScriptedServer.DrainAsync(socket);
        });
        await using var session = await EnvSession.ConnectAsync(server.Url);

        var result = await session.StepAsync(new { dose = 0.5 });

        Assert.Equal(note, result.Observation.GetProperty("note").GetString());
    }

    [Fact]
    public async Task StateAsync_ReplyOfWrongType_ThrowsInvalidData()
    {
        await using var server = await ScriptedServer.StartAsync(async socket =>
        {
            await ScriptedServer.ReceiveAsync(socket);
            await ScriptedServer.SendAsync(socket, Observation);
            await ScriptedServer.DrainAsync(socket);
        });
        await using var session = await EnvSession.ConnectAsync(server.Url);

        await Assert.ThrowsAsync<InvalidDataException>(() => session.StateAsync());
    }

    [Fact]
    public async Task ResetAsync_ErrorFrameSentBeforeAnyRequest_SurfacesAsServerError()
    {
        await using var server = await ScriptedServer.StartAsync(async socket =>
        {
            await ScriptedServer.SendAsync(socket, """{"type":"error","data":{"message":"Environment factory 'x' failed to create instance.","code":"FACTORY_ERROR","factory_name":"x"}}""");
            await socket.CloseOutputAsync(WebSocketCloseStatus.InternalServerError, null, CancellationToken.None);
            await ScriptedServer.DrainAsync(socket);
        });
        await using var session = await EnvSession.ConnectAsync(server.Url);
        await Task.Delay(200);

        var error = await Assert.ThrowsAsync<EnvServerException>(() => session.ResetAsync());

        Assert.Equal(EnvServerErrorCodes.FactoryError, error.Code);
        Assert.Equal("x", error.Details.GetProperty("factory_name").GetString());
    }

    [Fact]
    public async Task StepAsync_ServerClosesMidSession_ThrowsWebSocketException()
    {
        await using var server = await ScriptedServer.StartAsync(async socket =>
        {
            await ScriptedServer.ReceiveAsync(socket);
            await ScriptedServer.SendAsync(socket, Observation);
            await ScriptedServer.ReceiveAsync(socket);
            await socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "bye", CancellationToken.None);
            await ScriptedServer.DrainAsync(socket);
        });
        await using var session = await EnvSession.ConnectAsync(server.Url);
        await session.ResetAsync();

        var error = await Assert.ThrowsAsync<WebSocketException>(() => session.StepAsync(new { dose = 0.5 }));

        Assert.Contains("bye", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StepAsync_ReplyLargerThanMaxMessageSize_Throws()
    {
        await using var server = await ScriptedServer.StartAsync(async socket =>
        {
            await ScriptedServer.ReceiveAsync(socket);
            await ScriptedServer.SendAsync(socket, Observation.Replace("{}", $$"""{"text":"{{new string('x', 20_000)}}"}""", StringComparison.Ordinal));
            await ScriptedServer.DrainAsync(socket);
        });
        await using var session = await EnvSession.ConnectAsync(server.Url, new EnvSessionOptions { MaxMessageSize = 10_000 });

        await Assert.ThrowsAsync<WebSocketException>(() => session.StepAsync(new { dose = 0.5 }));
    }

    [Fact]
    public async Task ConnectAsync_NothingListening_ThrowsWebSocketException()
    {
        var unused = new Uri("http://127.0.0.1:1");

        await Assert.ThrowsAsync<WebSocketException>(() => EnvSession.ConnectAsync(unused));
    }
}
