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

    public async Task HandleAsync(ServedEnvironment served, JsonElement request, Session? boundSession, Utf8JsonWriter writer)
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
            case "openenv/session/create":
                CreateSession(served, id, writer);
                break;
            case "openenv/session/close":
                await CloseSessionAsync(id, parameters, writer);
                break;
            default:
                WriteError(writer, id, JsonRpcError.MethodNotFound, $"Method not found: {Echo.Text(method)}");
                break;
        }
    }

    public static void WriteError(Utf8JsonWriter writer, JsonElement id, int code, string message)
    {
        WriteEnvelope(writer, id);
        writer.WriteStartObject("error");
        writer.WriteNumber("code", code);
        writer.WriteString("message", message);
        writer.WriteNull("data");
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
            var session = sessionId.ValueKind == JsonValueKind.String ? sessions.Find(sessionId.GetString()!) : null;
            if (session is null)
            {
                WriteError(writer, id, JsonRpcError.InvalidParams, $"Invalid params: unknown session_id {Echo.Raw(sessionId)}");
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
                WriteToolResult(writer, id, RunTool(served, session.Environment, name, arguments));
            }
            finally
            {
                session.Gate.Release();
            }

            return;
        }

        if (boundSession is not null)
        {
            WriteToolResult(writer, id, RunTool(served, boundSession.Environment, name, arguments));
            return;
        }

        using var temporary = served.Spec.Factory();
        WriteToolResult(writer, id, RunTool(served, temporary, name, arguments));
    }

    /// <summary>Runs a tool, returning its JSON result or, for a refused call, the error text.</summary>
    private static (byte[]? Json, string? Error) RunTool(ServedEnvironment served, IEnvironment environment, string name, JsonElement arguments)
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
            if (outcome.Issues is { } issues)
                return (null, "Invalid arguments: " + string.Join("; ", issues.Select(i => $"{string.Join('.', i.Loc)}: {i.Message}")));
            if (outcome.Failure is { } failure) return (null, failure);
            WireWriter.WriteStepResult(json, outcome.Result!, outcome.IgnoredResetKeys, sessionId: null);
        }

        json.Flush();
        return (output.WrittenSpan.ToArray(), null);
    }

    /// <summary>A CallToolResult as OpenEnv dumps FastMCP's (snake_case, with data), plus MCP's camelCase keys.</summary>
    private static void WriteToolResult(Utf8JsonWriter writer, JsonElement id, (byte[]? Json, string? Error) result) =>
        WriteResult(writer, id, w =>
        {
            w.WriteStartArray("content");
            w.WriteStartObject();
            w.WriteString("type", "text");
            w.WriteString("text", result.Json is { } text ? Encoding.UTF8.GetString(text) : result.Error);
            w.WriteEndObject();
            w.WriteEndArray();
            foreach (var key in (ReadOnlySpan<string>)["structured_content", "structuredContent", "data"])
            {
                w.WritePropertyName(key);
                if (result.Json is { } json) w.WriteRawValue(json, skipInputValidation: true);
                else w.WriteNullValue();
            }

            w.WriteNull("meta");
            w.WriteBoolean("is_error", result.Error is not null);
            w.WriteBoolean("isError", result.Error is not null);
        });

    private void CreateSession(ServedEnvironment served, JsonElement id, Utf8JsonWriter writer)
    {
        switch (sessions.Open(served.Spec, SessionKind.Mcp))
        {
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

    private async Task CloseSessionAsync(JsonElement id, JsonElement parameters, Utf8JsonWriter writer)
    {
        var session = parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty("session_id", out var sid) && sid.ValueKind == JsonValueKind.String
            ? sessions.Find(sid.GetString()!)
            : null;
        if (session is not { Kind: SessionKind.Mcp })
        {
            WriteError(writer, id, JsonRpcError.InvalidParams, "Invalid params: 'session_id' must name an open MCP session");
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
