using System.Net;
using System.Net.WebSockets;
using EnvServer.Api.Tests.Infrastructure;
using EnvServer.Environments.Core;
using EnvServer.Environments.DrugDose;
using Microsoft.Extensions.DependencyInjection;

namespace EnvServer.Api.Tests.Sessions;

/// <summary>An environment whose factory throws: every transport reports it and the slot is not lost.</summary>
public sealed class FactoryFailureTests
{
    private static readonly EnvironmentSpec Broken = DrugDoseEnvironment.Spec with
    {
        Id = "broken",
        Name = "BrokenEnvironment",
        Factory = () => throw new InvalidOperationException("the simulator could not start"),
    };

    private static ServerHost StartServer() =>
        new(services: services => services.AddSingleton(new EnvironmentRegistry([DrugDoseEnvironment.Spec, Broken])));

    [Fact]
    public async Task ConnectWebSocket_FactoryThrows_SendsFactoryErrorFrameThenCloses()
    {
        await using var server = StartServer();
        await using var socket = await server.ConnectAsync("/envs/broken/ws");

        var frame = await socket.ReceiveJsonAsync();

        WireAssert.ExactKeys(frame, "type", "data");
        Assert.Equal("error", frame.GetProperty("type").GetString());
        var data = frame.GetProperty("data");
        WireAssert.ExactKeys(data, "message", "code", "factory_name");
        Assert.Equal("FACTORY_ERROR", data.GetProperty("code").GetString());
        Assert.Equal("Environment factory 'BrokenEnvironment' failed to create instance.", data.GetProperty("message").GetString());
        Assert.Equal("BrokenEnvironment", data.GetProperty("factory_name").GetString());
        Assert.Null(await socket.ReceiveTextAsync());
        Assert.NotEqual(WebSocketState.Open, socket.Socket.State);
        Assert.Equal(0, (await HttpExchange.GetAsync(server.Http, "/health")).Json.GetProperty("active_sessions").GetInt32());
    }

    [Fact]
    public async Task HttpReset_FactoryThrows_Returns500JsonDetailAndFreesTheSlot()
    {
        await using var server = StartServer();

        var reset = await HttpExchange.PostAsync(server.Http, "/envs/broken/reset", "{}");

        Assert.Equal(HttpStatusCode.InternalServerError, reset.Status);
        Assert.Equal("Environment factory 'BrokenEnvironment' failed to create instance.", reset.Json.GetProperty("detail").GetString());
        Assert.Equal(0, (await HttpExchange.GetAsync(server.Http, "/health")).Json.GetProperty("active_sessions").GetInt32());
    }

    [Fact]
    public async Task McpSessionCreate_FactoryThrows_AnswersJsonRpcServerError()
    {
        await using var server = StartServer();

        var reply = await HttpExchange.PostAsync(server.Http, "/envs/broken/mcp", """{"jsonrpc":"2.0","id":7,"method":"openenv/session/create"}""");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(7, reply.Json.GetProperty("id").GetInt32());
        Assert.Equal(-32000, reply.Json.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task HealthyEnvironment_BesideABrokenOne_KeepsWorking()
    {
        await using var server = StartServer();
        await using (await server.ConnectAsync("/envs/broken/ws"))
        {
        }

        await using var socket = await server.ConnectAsync("/envs/drug-dose/ws");
        var reply = await socket.RequestAsync("""{"type":"reset","data":{"seed":1}}""");

        Assert.Equal("observation", reply.GetProperty("type").GetString());
    }
}
