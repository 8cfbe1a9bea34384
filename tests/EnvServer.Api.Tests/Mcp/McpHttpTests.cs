using System.Net;
using System.Text.Json;
using EnvServer.Api.Tests.Infrastructure;

namespace EnvServer.Api.Tests.Mcp;

/// <summary>POST /mcp: MCP JSON-RPC 2.0 over HTTP (spec §1.8). Always HTTP 200, errors in the body.</summary>
public sealed class McpHttpTests(ConformanceServer server) : IClassFixture<ConformanceServer>
{
    private static readonly string[] ToolNames = ["reset_episode", "take_action", "get_state"];

    private HttpClient Http => server.Host.Http;

    [Fact]
    public async Task Post_EmptyObject_Returns200InvalidRequest()
    {
        var response = await RpcAsync("{}");

        var error = WireAssert.RpcError(response, -32600, null);
        Assert.Equal(JsonValueKind.Null, error.GetProperty("data").ValueKind);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"jsonrpc":"2.0","method":""")]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("5")]
    public async Task Post_NotAJsonObject_Returns200ParseError(string body)
    {
        var response = await RpcAsync(body);

        WireAssert.RpcError(response, -32700, null);
    }

    [Theory]
    [InlineData("""{"jsonrpc":"1.0","method":"tools/list","id":1}""")]
    [InlineData("""{"method":"tools/list","id":1}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1}""")]
    [InlineData("""{"jsonrpc":"2.0","method":5,"id":1}""")]
    [InlineData("""{"jsonrpc":"2.0","method":"tools/list","params":[1],"id":1}""")]
    [InlineData("""{"jsonrpc":"2.0","method":"tools/list","id":1,"extra":true}""")]
    public async Task Post_InvalidRequest_Returns200InvalidRequest(string body)
    {
        var response = await RpcAsync(body);

        WireAssert.ExactKeys(response, "jsonrpc", "id", "error");
        Assert.Equal(-32600, response.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Post_UnknownMethod_ReturnsMethodNotFoundWithId()
    {
        var response = await RpcAsync("""{"jsonrpc":"2.0","method":"resources/list","id":9}""");

        var error = WireAssert.RpcError(response, -32601, 9);
        Assert.Contains("resources/list", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("\"req-1\"")]
    [InlineData("42")]
    [InlineData("0")]
    [InlineData("-7")]
    public async Task Post_RequestId_IsEchoedVerbatim(string id)
    {
        var success = await RpcAsync($$"""{"jsonrpc":"2.0","method":"tools/list","id":{{id}}}""");
        var failure = await RpcAsync($$"""{"jsonrpc":"2.0","method":"nope","id":{{id}}}""");

        Assert.Equal(id, success.GetProperty("id").GetRawText());
        Assert.Equal(id, failure.GetProperty("id").GetRawText());
    }

    [Fact]
    public async Task Post_NullId_IsEchoedAsNull()
    {
        var response = await RpcAsync("""{"jsonrpc":"2.0","method":"tools/list","id":null}""");

        WireAssert.RpcResult(response, null);
    }

    [Fact]
    public async Task ToolsList_ReturnsToolsWithNameDescriptionInputSchema()
    {
        var result = WireAssert.RpcResult(await RpcAsync("""{"jsonrpc":"2.0","method":"tools/list","id":1}"""), 1);

        WireAssert.ExactKeys(result, "tools");
        var tools = result.GetProperty("tools").EnumerateArray().ToArray();
        Assert.Equal(ToolNames, tools.Select(t => t.GetProperty("name").GetString()!));
        Assert.All(tools, tool =>
        {
            WireAssert.ExactKeys(tool, "name", "description", "inputSchema");
            Assert.NotEmpty(tool.GetProperty("description").GetString()!);
            Assert.Equal("object", tool.GetProperty("inputSchema").GetProperty("type").GetString());
        });
        var takeAction = tools.Single(t => t.GetProperty("name").GetString() == "take_action");
        Assert.Equal(["dose"], takeAction.GetProperty("inputSchema").GetProperty("required").EnumerateArray().Select(e => e.GetString()!));
    }

    [Fact]
    public async Task ToolsCall_ResetEpisodeWithoutSession_RunsOnTemporaryEnvironment()
    {
        var result = WireAssert.RpcResult(await RpcAsync(
            """{"jsonrpc":"2.0","method":"tools/call","params":{"name":"reset_episode","arguments":{"seed":4,"task_id":"variable_patient"}},"id":2}"""), 2);

        var data = AssertToolSucceeded(result);
        WireAssert.Envelope(data);
        Assert.Equal(4, data.GetProperty("metadata").GetProperty("seed").GetInt64());
        Assert.Equal("variable_patient", data.GetProperty("metadata").GetProperty("task_id").GetString());
    }

    [Fact]
    public async Task ToolsCall_TakeActionWithoutSession_StepsATemporaryFreshEpisode()
    {
        var result = WireAssert.RpcResult(await RpcAsync(
            """{"jsonrpc":"2.0","method":"tools/call","params":{"name":"take_action","arguments":{"dose":1}},"id":3}"""), 3);

        var data = AssertToolSucceeded(result);
        Assert.Equal(1, data.GetProperty("metadata").GetProperty("step_count").GetInt32());
    }

    [Fact]
    public async Task ToolsCall_MissingName_ReturnsInvalidParams()
    {
        var response = await RpcAsync("""{"jsonrpc":"2.0","method":"tools/call","params":{"arguments":{}},"id":4}""");

        WireAssert.RpcError(response, -32602, 4);
    }

    [Fact]
    public async Task ToolsCall_UnknownTool_ReturnsInvalidParams()
    {
        var response = await RpcAsync("""{"jsonrpc":"2.0","method":"tools/call","params":{"name":"step","arguments":{}},"id":5}""");

        WireAssert.RpcError(response, -32602, 5);
    }

    [Fact]
    public async Task SessionCreate_ReturnsSessionIdAndCountsAsActiveSession()
    {
        var before = await ActiveSessionsAsync();

        var result = WireAssert.RpcResult(await RpcAsync("""{"jsonrpc":"2.0","method":"openenv/session/create","id":"c"}"""), "c");

        WireAssert.ExactKeys(result, "session_id");
        Assert.True(Guid.TryParse(result.GetProperty("session_id").GetString(), out _));
        Assert.Equal(before + 1, await ActiveSessionsAsync());
        await CloseSessionAsync(result.GetProperty("session_id").GetString()!);
        Assert.Equal(before, await ActiveSessionsAsync());
    }

    [Fact]
    public async Task ToolsCall_WithSessionId_ResetThenTakeActionAdvanceSameEpisode()
    {
        var session = await CreateSessionAsync();

        var reset = AssertToolSucceeded(await CallToolAsync(session, "reset_episode", """{"seed":7,"episode_id":"mcp-episode"}"""));
        var first = AssertToolSucceeded(await CallToolAsync(session, "take_action", """{"dose":1}"""));
        var second = AssertToolSucceeded(await CallToolAsync(session, "take_action", """{"dose":1}"""));
        var state = AssertToolSucceeded(await CallToolAsync(session, "get_state", "{}"));

        Assert.Equal(0, reset.GetProperty("metadata").GetProperty("step_count").GetInt32());
        WireAssert.Envelope(first);
        Assert.Equal(1, first.GetProperty("metadata").GetProperty("step_count").GetInt32());
        Assert.Equal(2, second.GetProperty("metadata").GetProperty("step_count").GetInt32());
        Assert.Equal("mcp-episode", second.GetProperty("metadata").GetProperty("episode_id").GetString());
        WireAssert.ExactKeys(state, WireAssert.StateKeys);
        Assert.Equal(2, state.GetProperty("step_count").GetInt32());
        await CloseSessionAsync(session);
    }

    [Fact]
    public async Task SessionClose_ReturnsClosedAndSessionBecomesUnknown()
    {
        var session = await CreateSessionAsync();

        var result = WireAssert.RpcResult(await RpcAsync(
            $$"""{"jsonrpc":"2.0","method":"openenv/session/close","params":{"session_id":"{{session}}"},"id":10}"""), 10);

        WireAssert.ExactKeys(result, "session_id", "closed");
        Assert.Equal(session, result.GetProperty("session_id").GetString());
        Assert.True(result.GetProperty("closed").GetBoolean());

        var call = await RpcAsync(
            $$"""{"jsonrpc":"2.0","method":"tools/call","params":{"name":"reset_episode","arguments":{},"session_id":"{{session}}"},"id":11}""");
        WireAssert.RpcError(call, -32602, 11);
        var again = await RpcAsync($$"""{"jsonrpc":"2.0","method":"openenv/session/close","params":{"session_id":"{{session}}"},"id":12}""");
        WireAssert.RpcError(again, -32602, 12);
    }

    [Fact]
    public async Task ToolsCall_UnknownSessionId_ReturnsInvalidParams()
    {
        var response = await RpcAsync(
            $$"""{"jsonrpc":"2.0","method":"tools/call","params":{"name":"get_state","arguments":{},"session_id":"{{Guid.NewGuid()}}"},"id":13}""");

        WireAssert.RpcError(response, -32602, 13);
    }

    [Fact]
    public async Task SessionClose_WithoutSessionId_ReturnsInvalidParams()
    {
        var response = await RpcAsync("""{"jsonrpc":"2.0","method":"openenv/session/close","params":{},"id":14}""");

        WireAssert.RpcError(response, -32602, 14);
    }

    [Fact]
    public async Task ToolsCall_ResultHasFastMcpCallToolResultKeys()
    {
        var result = WireAssert.RpcResult(await RpcAsync(
            """{"jsonrpc":"2.0","method":"tools/call","params":{"name":"get_state"},"id":15}"""), 15);

        foreach (var key in new[] { "content", "structured_content", "meta", "data", "is_error" }) Assert.True(result.TryGetProperty(key, out _), key);
        Assert.Equal(JsonValueKind.Null, result.GetProperty("meta").ValueKind);
        var data = AssertToolSucceeded(result);
        WireAssert.ExactKeys(data, WireAssert.BookkeepingStateKeys);
    }

    private async Task<JsonElement> RpcAsync(string body)
    {
        var exchange = await HttpExchange.PostAsync(Http, "/mcp", body);
        Assert.Equal(HttpStatusCode.OK, exchange.Status);
        Assert.Equal("application/json", exchange.ContentType);
        return exchange.Json;
    }

    private async Task<string> CreateSessionAsync() =>
        WireAssert.RpcResult(await RpcAsync("""{"jsonrpc":"2.0","method":"openenv/session/create","id":0}"""), 0)
            .GetProperty("session_id").GetString()!;

    private async Task CloseSessionAsync(string session) =>
        WireAssert.RpcResult(await RpcAsync($$"""{"jsonrpc":"2.0","method":"openenv/session/close","params":{"session_id":"{{session}}"},"id":0}"""), 0);

    private async Task<JsonElement> CallToolAsync(string session, string tool, string arguments) =>
        WireAssert.RpcResult(await RpcAsync(
            $$"""{"jsonrpc":"2.0","method":"tools/call","params":{"name":"{{tool}}","arguments":{{arguments}},"session_id":"{{session}}"},"id":"t"}"""), "t");

    private async Task<int> ActiveSessionsAsync() =>
        WireAssert.Parse(await Http.GetStringAsync("/health")).GetProperty("active_sessions").GetInt32();

    /// <summary>A successful tool result: is_error false, data the tool's JSON, content[0].text the same JSON as text.</summary>
    internal static JsonElement AssertToolSucceeded(JsonElement result)
    {
        Assert.False(result.GetProperty("is_error").GetBoolean(), result.GetRawText());
        var data = result.GetProperty("data");
        Assert.Equal(JsonValueKind.Object, data.ValueKind);
        Assert.Equal(data.GetRawText(), result.GetProperty("structured_content").GetRawText());
        var content = Assert.Single(result.GetProperty("content").EnumerateArray());
        Assert.Equal("text", content.GetProperty("type").GetString());
        Assert.Equal(data.GetRawText(), WireAssert.Parse(content.GetProperty("text").GetString()!).GetRawText());
        return data;
    }
}
