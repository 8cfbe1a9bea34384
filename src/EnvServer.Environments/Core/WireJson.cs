using System.Buffers.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EnvServer.Environments.Core;

/// <summary>
/// JSON writing as Python clients expect it: floats always carry a fraction or exponent
/// (<c>1.0</c>, not System.Text.Json's <c>1</c>) so type-sensitive clients see a float,
/// and non-finite numbers are written as <c>null</c>, as pydantic does.
/// </summary>
public static class WireJson
{
    /// <summary>
    /// Writer options for every wire reply: UTF-8 text is written as is (only what JSON requires is
    /// escaped), rather than System.Text.Json's default HTML-safe escaping of quotes and non-ASCII.
    /// </summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void WriteFloat(this Utf8JsonWriter writer, string name, double value)
    {
        writer.WritePropertyName(name);
        writer.WriteFloatValue(value);
    }

    public static void WriteFloat(this Utf8JsonWriter writer, string name, double? value)
    {
        writer.WritePropertyName(name);
        if (value is { } v) writer.WriteFloatValue(v);
        else writer.WriteNullValue();
    }

    public static void WriteFloatValue(this Utf8JsonWriter writer, double value)
    {
        if (!double.IsFinite(value))
        {
            writer.WriteNullValue();
            return;
        }

        // Shortest round-trip form, e.g. "0.1", "1E+20", "-0"; a whole number gets ".0" appended.
        Span<byte> buffer = stackalloc byte[40];
        Utf8Formatter.TryFormat(value, buffer, out var written);
        if (buffer[..written].IndexOfAny((byte)'.', (byte)'E', (byte)'e') < 0)
        {
            buffer[written++] = (byte)'.';
            buffer[written++] = (byte)'0';
        }

        writer.WriteRawValue(buffer[..written], skipInputValidation: true);
    }

    public static void WriteFloatArray(this Utf8JsonWriter writer, string name, ReadOnlySpan<double> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values) writer.WriteFloatValue(value);
        writer.WriteEndArray();
    }
}
