using System.Buffers;
using System.Text;
using System.Text.Json;
using EnvServer.Api.Protocol;
using EnvServer.Api.Sessions;
using EnvServer.Api.Validation;
using EnvServer.Environments.Core;

namespace EnvServer.Api.Mcp;

/// <summary>
/// MCP over JSON-RPC 2.0 as OpenEnv serves it: initialize, ping, tools/list, tools/call, and
/// openenv/session/create|close. tools/call runs against, in order of preference, the session named
/// by params.session_id, the WebSocket connection's own session, or a temporary environment.
/// Every request gets exactly one response object, errors included.
/// </summary>
internal sealed class McpDispatcher(SessionManager sessions)
{
    private const string ProtocolVersion = "2025-06-18";

    /// <summary>A request over a WebSocket connection, which is its own session.</summary>
    public Task HandleAsync(ServedEnvironment served, JsonElement request, Session boundSession, Utf8JsonWriter writer) =>
        HandleAsync(served, request, boundSession, boundSession.Client, writer);

    /// <summary>A request over HTTP from <paramref name="client"/> (whose sessions MAX_SESSIONS_PER_CLIENT counts).</summary>
    public Task HandleAsync(ServedEnvironment served, JsonElement request, string client, Utf8JsonWriter writer) =>
        HandleAsync(served, request, null, client, writer);

    private async Task HandleAsync(ServedEnvironment served, JsonElement request, Session? boundSession, string client, Utf8JsonWriter writer)
    {
        var id = request.ValueKind == JsonValueKind.Object && request.TryGetProperty("id", out var idElement) ? idElement : default;
        if (request.ValueKind != JsonValueKind.Object)
        {
            WriteError(writer, default, JsonRpcError.ParseError, "Parse error: the request must be a JSON object");
            return;
        }

        if (InvalidRequest(request) is { } invalid)
        {
            WriteError(writer, id, JsonRpcError.InvalidRequest, $"Invalid Request: {invalid}");
            return;
        }

        var method = request.GetProperty("method").GetString();
        var parameters = request.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        switch (method)
        {
            case "initialize":
                WriteResult(writer, id, w =>
                {
                    w.WriteString("protocolVersion", ProtocolVersion);
                    w.WriteStartObject("capabilities");
                    w.WriteStartObject("tools");
                    w.WriteBoolean("listChanged", false);
                    w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteStartObject("serverInfo");
                    w.WriteString("name", served.Spec.Name);
                    w.WriteString("version", served.Spec.Version);
                    w.WriteEndObject();
                });
                break;
            case "ping" or "notifications/initialized":
                WriteResult(writer, id, _ => { });
                break;
            case "tools/list":
                WriteResult(writer, id, w =>
                {
                    w.WritePropertyName("tools");
                    McpTools.Describe(served).WriteTo(w);
                });
                break;
            case "tools/call":
                await CallToolAsync(served, id, parameters, boundSession, writer);
                break;
            case "openenv/session/create" when boundSession is not null:
                // A WebSocket connection is one session (OpenEnv's PR #239 design): it names its own rather than opening more.
                WriteResult(writer, id, w => w.WriteString("session_id", boundSession.Id));
                break;
            case "openenv/session/create":
                CreateSession(served, id, client, writer);
                break;
            case "openenv/session/close":
                await CloseSessionAsync(served, id, parameters, writer);
                break;
            default:
                WriteError(writer, id, JsonRpcError.MethodNotFound, $"Method not found: {Echo.Text(method)}");
                break;
        }
    }

    public static void WriteError(Utf8JsonWriter writer, JsonElement id, int code, string message, Action<Utf8JsonWriter>? data = null)
    {
        WriteEnvelope(writer, id);
        writer.WriteStartObject("error");
        writer.WriteNumber("code", code);
        writer.WriteString("message", message);
        if (data is null) writer.WriteNull("data");
        else data(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static string? InvalidRequest(JsonElement request)
    {
        foreach (var property in request.EnumerateObject())
        {
            if (property.Name is not ("jsonrpc" or "method" or "params" or "id")) return $"unexpected field '{Echo.Text(property.Name)}'";
        }

        if (!request.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "2.0")
            return "'jsonrpc' must be \"2.0\"";
        if (!request.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String)
            return "'method' must be a string";
        if (request.TryGetProperty("params", out var parameters) && parameters.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            return "'params' must be an object";
        if (request.TryGetProperty("id", out var id) && id.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Null))
            return "'id' must be a string, a number or null";
        return null;
    }

    private async Task CallToolAsync(ServedEnvironment served, JsonElement id, JsonElement parameters, Session? boundSession, Utf8JsonWriter writer)
    {
        if (parameters.ValueKind != JsonValueKind.Object || !parameters.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String)
        {
            WriteError(writer, id, JsonRpcError.InvalidParams, "Invalid params: 'name' (string) is required");
            return;
        }

        var name = nameElement.GetString();
        if (name is not (McpTools.ResetEpisode or McpTools.TakeAction or McpTools.GetState))
        {
            WriteError(writer, id, JsonRpcError.InvalidParams, $"Unknown tool '{Echo.Text(name)}'; tools: {McpTools.ResetEpisode}, {McpTools.TakeAction}, {McpTools.GetState}");
            return;
        }

        var arguments = parameters.TryGetProperty("arguments", out var a) ? a : default;
        if (arguments.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null))
        {
            WriteError(writer, id, JsonRpcError.InvalidParams, "Invalid params: 'arguments' must be an object");
            return;
        }

        if (parameters.TryGetProperty("session_id", out var sessionId) && sessionId.ValueKind != JsonValueKind.Null)
        {
            var session = sessionId.ValueKind == JsonValueKind.String ? FindSession(sessionId.GetString()!, boundSession) : null;
            if (session is null)
            {
                WriteError(writer, id, JsonRpcError.InvalidParams, $"Invalid params: unknown session_id {Echo.Raw(sessionId)}");
                return;
            }

            if (session.Environment.Spec.Id != served.Id)
            {
                WriteError(writer, id, JsonRpcError.InvalidParams,
                    $"Invalid params: session {session.Id} plays '{session.Environment.Spec.Id}', not '{served.Id}': use /envs/{session.Environment.Spec.Id}/mcp");
                return;
            }

            // The connection's own session is already serialised by its connection; its gate is not taken.
            if (session == boundSession)
            {
                WriteToolOutcome(writer, id, RunTool(served, session.Environment, name, arguments));
                return;
            }

            await session.Gate.WaitAsync();
            try
            {
                if (session.IsClosed)
                {
                    WriteError(writer, id, JsonRpcError.InvalidParams, $"Invalid params: session {session.Id} is closed");
                    return;
                }

                session.Touch();
                WriteToolOutcome(writer, id, RunTool(served, session.Environment, name, arguments));
            }
            finally
            {
                session.Gate.Release();
            }

            return;
        }

        if (boundSession is not null)
        {
            WriteToolOutcome(writer, id, RunTool(served, boundSession.Environment, name, arguments));
            return;
        }

        using var temporary = sessions.TryBuild(served.Spec);
        if (temporary is null) WriteError(writer, id, JsonRpcError.ServerError, new SessionOpening.FactoryFailed(served.Spec.Name).Message);
        else WriteToolOutcome(writer, id, RunTool(served, temporary, name, arguments));
    }

    /// <summary>An HTTP-MCP session by id, or the WebSocket connection's own session when the id is its own.</summary>
    private Session? FindSession(string sessionId, Session? boundSession) =>
        boundSession is not null && boundSession.Id == sessionId ? boundSession : sessions.Find(sessionId);

    /// <summary>Runs a tool: its JSON result, or the validation issues, or the environment's refusal.</summary>
    private static ToolOutcome RunTool(ServedEnvironment served, IEnvironment environment, string name, JsonElement arguments)
    {
        var output = new ArrayBufferWriter<byte>();
        using var json = new Utf8JsonWriter(output, WireJson.WriterOptions);
        var args = arguments.ValueKind == JsonValueKind.Object ? arguments : (JsonElement?)null;
        if (name == McpTools.GetState)
        {
            WireWriter.WriteState(json, environment);
        }
        else
        {
            var outcome = name == McpTools.ResetEpisode
                ? EnvironmentCommands.Reset(served, environment, args)
                : EnvironmentCommands.Step(served, environment, args ?? EmptyObject);
            if (outcome.Issues is { } issues) return new ToolOutcome(null, issues, null);
            if (outcome.Failure is { } failure) return new ToolOutcome(null, null, failure);
            WireWriter.WriteStepResult(json, outcome.Result!, outcome.IgnoredResetKeys, sessionId: null);
        }

        json.Flush();
        return new ToolOutcome(output.WrittenSpan.ToArray(), null, null);
    }

    /// <summary>
    /// A tool's result, or its failure as a JSON-RPC error as OpenEnv's reference answers it (so that its MCPToolClient
    /// raises with the message rather than returning None): invalid arguments are -32602 with the pydantic-shaped
    /// errors as <c>data</c>, a call the environment refuses in its state (episode over) -32603 with its reason.
    /// </summary>
    private static void WriteToolOutcome(Utf8JsonWriter writer, JsonElement id, ToolOutcome outcome)
    {
        if (outcome.Issues is { } issues)
        {
            var summary = string.Join("; ", issues.Select(i => $"{string.Join('.', i.Loc)}: {i.Message}"));
            WriteError(writer, id, JsonRpcError.InvalidParams, $"Invalid arguments: {summary}", w => WireWriter.WriteIssues(w, "data", issues));
        }
        else if (outcome.Failure is { } failure)
        {
            WriteError(writer, id, JsonRpcError.InternalError, failure);
        }
        else
        {
            WriteToolResult(writer, id, outcome.Json!);
        }
    }

    private sealed record ToolOutcome(byte[]? Json, IReadOnlyList<ValidationIssue>? Issues, string? Failure);

    /// <summary>A CallToolResult as OpenEnv dumps FastMCP's (snake_case, with data), plus MCP's camelCase keys.</summary>
    private static void WriteToolResult(Utf8JsonWriter writer, JsonElement id, byte[] json) =>
        WriteResult(writer, id, w =>
        {
            w.WriteStartArray("content");
            w.WriteStartObject();
            w.WriteString("type", "text");
            w.WriteString("text", Encoding.UTF8.GetString(json));
            w.WriteEndObject();
            w.WriteEndArray();
            foreach (var key in (ReadOnlySpan<string>)["structured_content", "structuredContent", "data"])
            {
                w.WritePropertyName(key);
                w.WriteRawValue(json, skipInputValidation: true);
            }

            w.WriteNull("meta");
            w.WriteBoolean("is_error", false);
            w.WriteBoolean("isError", false);
        });

    private void CreateSession(ServedEnvironment served, JsonElement id, string client, Utf8JsonWriter writer)
    {
        switch (sessions.Open(served.Spec, SessionKind.Mcp, client))
        {
            case SessionOpening.ClientQuotaReached quota:
                WriteError(writer, id, JsonRpcError.ServerError, quota.Message);
                break;
            case SessionOpening.Opened opened:
                WriteResult(writer, id, w => w.WriteString("session_id", opened.Session.Id));
                break;
            case SessionOpening.AtCapacity full:
                WriteError(writer, id, JsonRpcError.ServerError, full.Message);
                break;
            case SessionOpening.FactoryFailed failed:
                WriteError(writer, id, JsonRpcError.ServerError, failed.Message);
                break;
        }
    }

    private async Task CloseSessionAsync(ServedEnvironment served, JsonElement id, JsonElement parameters, Utf8JsonWriter writer)
    {
        var session = parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty("session_id", out var sid) && sid.ValueKind == JsonValueKind.String
            ? sessions.Find(sid.GetString()!)
            : null;
        if (session is not { Kind: SessionKind.Mcp } || session.Environment.Spec.Id != served.Id)
        {
            WriteError(writer, id, JsonRpcError.InvalidParams, $"Invalid params: 'session_id' must name an open MCP session of '{served.Id}'");
            return;
        }

        // Wait for a tool call in flight on this session before disposing its environment.
        await session.Gate.WaitAsync();
        try
        {
            sessions.Close(session);
        }
        finally
        {
            session.Gate.Release();
        }

        WriteResult(writer, id, w =>
        {
            w.WriteString("session_id", session.Id);
            w.WriteBoolean("closed", true);
        });
    }

    private static void WriteResult(Utf8JsonWriter writer, JsonElement id, Action<Utf8JsonWriter> fields)
    {
        WriteEnvelope(writer, id);
        writer.WriteStartObject("result");
        fields(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteEnvelope(Utf8JsonWriter writer, JsonElement id)
    {
        writer.WriteStartObject();
        writer.WriteString("jsonrpc", "2.0");
        writer.WritePropertyName("id");
        if (id.ValueKind is JsonValueKind.String or JsonValueKind.Number) Echo.WriteValue(writer, id);
        else writer.WriteNullValue();
    }

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;
}
