using System.Buffers;
using System.Text.Json;

namespace EnvServer.Client;

/// <summary>
/// Serialises one session's request frames into a buffer reused from request to request, so a step
/// costs no allocation beyond what serialising the caller's action needs.
/// </summary>
internal sealed class FrameWriter
{
    // A buffer grown by one large request (e.g. a long code string) is dropped afterwards rather than
    // held for the life of the session.
    private const int RetainedCapacity = 64 * 1024;

    private ArrayBufferWriter<byte> buffer = new(256);
    private readonly Utf8JsonWriter writer;

    public FrameWriter() => writer = new Utf8JsonWriter(buffer);

    /// <summary>The frame's bytes, valid until the next call.</summary>
    public ReadOnlyMemory<byte> Write(RequestKind kind, object? payload)
    {
        if (buffer.Capacity > RetainedCapacity) buffer = new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);

        writer.WriteStartObject();
        writer.WriteString("type"u8, TypeName(kind));
        if (kind is RequestKind.Reset or RequestKind.Step or RequestKind.Mcp)
        {
            writer.WritePropertyName("data"u8);
            JsonPayload.Write(writer, payload);
        }

        writer.WriteEndObject();
        writer.Flush();
        return buffer.WrittenMemory;
    }

    private static ReadOnlySpan<byte> TypeName(RequestKind kind) => kind switch
    {
        RequestKind.Reset => "reset"u8,
        RequestKind.Step => "step"u8,
        RequestKind.State => "state"u8,
        RequestKind.Close => "close"u8,
        RequestKind.Mcp => "mcp"u8,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
