using System.Text;
using System.Text.Json;

namespace EnvServer.Client;

/// <summary>Reads a server frame <c>{"type":..,"data":..}</c>.</summary>
internal static class ReplyParser
{
    /// <summary>Parses <paramref name="frame"/>, cloning <c>data</c> so that it outlives the frame's pooled buffer.</summary>
    /// <exception cref="InvalidDataException">The frame is not a JSON object with a string <c>type</c>.</exception>
    public static Reply Parse(ReadOnlyMemory<byte> frame)
    {
        try
        {
            using var document = JsonDocument.Parse(frame);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("type"u8, out var type)
                && type.ValueKind == JsonValueKind.String)
            {
                var data = root.TryGetProperty("data"u8, out var d) ? d.Clone() : default;
                var kind = KindOf(type);
                return new Reply(kind, data, kind == ReplyKind.Other ? type.GetString() : null);
            }
        }
        catch (JsonException)
        {
            // Reported below with the frame's start.
        }

        throw new InvalidDataException($"The server sent a frame that is not a reply: {Preview(frame)}");
    }

    /// <summary>The exception for an error frame's <c>data</c>.</summary>
    public static EnvServerException ToException(JsonElement data)
    {
        var isObject = data.ValueKind == JsonValueKind.Object;
        var code = isObject && data.TryGetProperty("code"u8, out var c) && c.ValueKind == JsonValueKind.String
            ? c.GetString()!
            : "UNKNOWN";
        var message = isObject && data.TryGetProperty("message"u8, out var m) && m.ValueKind == JsonValueKind.String
            ? m.GetString()!
            : "(no message)";
        return new EnvServerException(code, message, data);
    }

    private static ReplyKind KindOf(JsonElement type) =>
        type.ValueEquals("observation"u8) ? ReplyKind.Observation
        : type.ValueEquals("state"u8) ? ReplyKind.State
        : type.ValueEquals("mcp"u8) ? ReplyKind.Mcp
        : type.ValueEquals("error"u8) ? ReplyKind.Error
        : ReplyKind.Other;

    private static string Preview(ReadOnlyMemory<byte> frame) =>
        Encoding.UTF8.GetString(frame.Span[..Math.Min(frame.Length, 200)]);
}
