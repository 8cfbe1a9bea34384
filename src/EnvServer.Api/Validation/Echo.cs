using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace EnvServer.Api.Validation;

/// <summary>
/// Client text repeated in a reply (an unknown message type, key or method name, an MCP id, an offending value):
/// cut to a short prefix, so that a reply is never much larger than the server's own words whatever the input.
/// A client sending megabyte-long names and never reading must not make the server queue a megabyte per message.
/// </summary>
internal static class Echo
{
    /// <summary>Longest echo, in characters (UTF-8 bytes for raw JSON); longer ones end with <see cref="Cut"/>.</summary>
    public const int MaxLength = 128;

    public const string Cut = "…";

    public static string Text(string? text) =>
        text is null || text.Length <= MaxLength ? text ?? "" : string.Concat(text.AsSpan(0, MaxLength), Cut);

    /// <summary>A JSON value's source text, cut; read in place, without a copy of the whole value.</summary>
    public static string Raw(JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        return raw.Length <= MaxLength ? Encoding.UTF8.GetString(raw) : Prefix(raw) + Cut;
    }

    /// <summary>A JSON string's value, cut; a long one is read in place (its escapes shown as written), never copied whole.</summary>
    public static string String(JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        return raw.Length <= MaxLength ? Text(value.GetString()) : Prefix(raw[1..]) + Cut;
    }

    /// <summary>Writes a short value as itself (pydantic's echo), a long one as the string of its cut source text.</summary>
    public static void WriteValue(Utf8JsonWriter writer, JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        if (raw.Length <= MaxLength) writer.WriteRawValue(raw, skipInputValidation: true);
        else writer.WriteStringValue(Prefix(raw) + Cut);
    }

    /// <summary>The first <see cref="MaxLength"/> bytes, backed off to a character boundary.</summary>
    private static string Prefix(ReadOnlySpan<byte> utf8)
    {
        var end = MaxLength;
        while (end > 0 && (utf8[end] & 0xC0) == 0x80) end--;
        return Encoding.UTF8.GetString(utf8[..end]);
    }
}
