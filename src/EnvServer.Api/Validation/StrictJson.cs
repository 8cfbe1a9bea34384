using System.Text.Json;
using System.Text.Unicode;

namespace EnvServer.Api.Validation;

/// <summary>
/// JSON parsing that also rejects strings no .NET string can hold: invalid UTF-8 bytes inside a
/// string, and <c>\uXXXX</c> escapes that leave a UTF-16 surrogate unpaired (e.g. <c>"\ud800"</c>).
/// System.Text.Json accepts both when parsing and only throws later, from GetString or a property
/// name, deep inside a handler; here they are invalid JSON up front, as RFC 8259 and pydantic's
/// parser treat them. Text without non-ASCII bytes or <c>\u</c> escapes skips the extra pass.
/// A key repeated in one object is invalid JSON too: parsers disagree on which value counts (Python's
/// keeps the last, a validator reading one and a handler the other is how a checked value gets bypassed).
/// </summary>
internal static class StrictJson
{
    /// <exception cref="JsonException">The text is not JSON, or holds an unreadable string.</exception>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8, JsonDocumentOptions options = default)
    {
        options.AllowDuplicateProperties = false;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, options);
        }
        catch (InvalidOperationException error)
        {
            // Comparing property names for duplicates decodes them: an unpaired surrogate escape in a name throws here.
            throw new JsonException($"Invalid property name: {error.Message.TrimEnd('.')} (unpaired UTF-16 surrogate escape or invalid UTF-8).");
        }

        if (NeedsStringCheck(utf8.Span)) CheckStrings(new Utf8JsonReader(utf8.Span, Reader(options)), document);
        return document;
    }

    private static JsonReaderOptions Reader(JsonDocumentOptions options) => new()
    {
        MaxDepth = options.MaxDepth,
        AllowTrailingCommas = options.AllowTrailingCommas,
        CommentHandling = options.CommentHandling,
    };

    private static bool NeedsStringCheck(ReadOnlySpan<byte> utf8) =>
        utf8.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0 || utf8.IndexOf("\\u"u8) >= 0;

    private static void CheckStrings(Utf8JsonReader reader, JsonDocument document)
    {
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName)) continue;
                if (reader.ValueIsEscaped)
                {
                    // Unescaping validates both the escapes and the raw bytes around them.
                    reader.GetString();
                }
                else if (!Utf8.IsValid(reader.ValueSpan))
                {
                    throw new InvalidOperationException("invalid UTF-8");
                }
            }
        }
        catch (InvalidOperationException error)
        {
            document.Dispose();
            throw new JsonException(
                $"Invalid string at byte {reader.TokenStartIndex}: {error.Message.TrimEnd('.')} (unpaired UTF-16 surrogate escape or invalid UTF-8).");
        }
    }
}
