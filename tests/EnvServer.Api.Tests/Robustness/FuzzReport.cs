using System.Collections.Concurrent;
using System.Text.Json;

namespace EnvServer.Api.Tests.Robustness;

/// <summary>What the fuzz drivers saw, collected from all of them at once.</summary>
internal sealed class FuzzReport
{
    /// <summary>The codes after which OpenEnv keeps the session open.</summary>
    public static readonly HashSet<string> KeepOpenCodes = ["INVALID_JSON", "UNKNOWN_TYPE", "VALIDATION_ERROR", "EXECUTION_ERROR"];

    /// <summary>JSON-RPC error codes the spec lists.</summary>
    public static readonly HashSet<int> RpcCodes = [-32700, -32600, -32601, -32602, -32603, -32000];

    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentDictionary<string, byte> _createdSessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Failures => _failures;

    /// <summary>Sessions the fuzz opened by accident (an HTTP reset or MCP session/create that happened to be valid).</summary>
    public int CreatedSessions => _createdSessions.Count;

    public int Total => _counts.Values.Sum();

    public IReadOnlyDictionary<string, int> Counts => _counts;

    public void Fail(string failure) => _failures.Enqueue(failure);

    public void Sent(string channel) => _counts.AddOrUpdate(channel, 1, (_, n) => n + 1);

    public void SessionCreated(string id) => _createdSessions.TryAdd(id, 0);

    /// <summary>Checks a /ws reply; returns the problem, or null when the reply is acceptable.</summary>
    public string? CheckWsReply(string text, FuzzInput input)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(text).RootElement;
        }
        catch (JsonException)
        {
            return $"reply is not JSON: {Shorten(text)}";
        }

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement) || !root.TryGetProperty("data", out var data))
            return $"reply is not a {{type, data}} frame: {Shorten(text)}";

        var type = typeElement.GetString();
        if (type == "error")
        {
            var code = data.TryGetProperty("code", out var c) ? c.GetString() : null;
            var message = data.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            if (code is null || !KeepOpenCodes.Contains(code)) return $"error frame with code {code ?? "(none)"}: {Shorten(text)}";
            if (message is null) return $"error frame without a message: {Shorten(text)}";
            if (message.StartsWith("Internal error", StringComparison.Ordinal)) return $"internal error (an exception escaped the handler): {Shorten(text)}";
            if (input.ExpectedCode is { } expected && code != expected) return $"expected {expected}, got {code}: {Shorten(text)}";
            return null;
        }

        if (input.ExpectedCode is { } wanted) return $"expected a {wanted} error, got a {type} reply: {Shorten(text)}";
        return type switch
        {
            "observation" => data.TryGetProperty("observation", out var o) && o.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("reward", out _) && data.TryGetProperty("done", out var d) && d.ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? null
                    : $"malformed observation: {Shorten(text)}",
            "state" => data.ValueKind == JsonValueKind.Object && data.TryGetProperty("step_count", out _) ? null : $"malformed state: {Shorten(text)}",
            "mcp" => CheckRpc(data, text, overWebSocket: true),
            _ => $"unknown reply type {type}: {Shorten(text)}",
        };
    }

    /// <summary>Checks a raw JSON-RPC reply (WS /mcp, POST /mcp).</summary>
    public string? CheckRpcReply(string text, int? expectedCode = null, bool overWebSocket = false)
    {
        try
        {
            var root = JsonDocument.Parse(text).RootElement;
            if (expectedCode is { } expected
                && !(root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error)
                    && error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number && code.GetInt32() == expected))
            {
                return $"expected JSON-RPC error {expected}: {Shorten(text)}";
            }

            return CheckRpc(root, text, overWebSocket);
        }
        catch (JsonException)
        {
            return $"reply is not JSON: {Shorten(text)}";
        }
    }

    private string? CheckRpc(JsonElement response, string text, bool overWebSocket)
    {
        if (response.ValueKind != JsonValueKind.Object) return $"JSON-RPC reply is not an object: {Shorten(text)}";
        if (!response.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "2.0")
            return $"JSON-RPC reply without jsonrpc 2.0: {Shorten(text)}";
        if (!response.TryGetProperty("id", out _)) return $"JSON-RPC reply without id: {Shorten(text)}";
        var hasResult = response.TryGetProperty("result", out var result);
        var hasError = response.TryGetProperty("error", out var error);
        if (hasResult == hasError) return $"JSON-RPC reply must have exactly one of result and error: {Shorten(text)}";
        if (hasError)
        {
            if (!error.TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.Number || !RpcCodes.Contains(code.GetInt32()))
                return $"JSON-RPC error with an unknown code: {Shorten(text)}";
            if (!error.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String)
                return $"JSON-RPC error without a message: {Shorten(text)}";
            if (message.GetString()!.StartsWith("Internal error", StringComparison.Ordinal))
                return $"internal error (an exception escaped the handler): {Shorten(text)}";
            return null;
        }

        // Over a WebSocket, openenv/session/create names the connection's own session, which opens no slot of its own.
        if (!overWebSocket && result.ValueKind == JsonValueKind.Object && result.TryGetProperty("session_id", out var id) && !result.TryGetProperty("closed", out _))
            SessionCreated(id.GetString()!);
        return null;
    }

    public static string Shorten(string text) => text.Length <= 300 ? text : string.Concat(text.AsSpan(0, 300), "…");
}
