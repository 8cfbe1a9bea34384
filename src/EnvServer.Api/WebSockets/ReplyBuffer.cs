using System.Buffers;
using System.Text.Json;
using EnvServer.Environments.Core;
using Microsoft.Extensions.ObjectPool;

namespace EnvServer.Api.WebSockets;

/// <summary>
/// The buffer and JSON writer one reply is written with. Pooled, so that the thousands of idle
/// connections a TRL run keeps open hold none: a connection rents one only while it has messages.
/// </summary>
internal sealed class ReplyBuffer : IResettable
{
    /// <summary>Buffers grown past this by a large reply are dropped rather than kept in the pool.</summary>
    private const int MaxPooledBytes = 64 * 1024;

    public static readonly ObjectPool<ReplyBuffer> Pool = new DefaultObjectPoolProvider { MaximumRetained = 1024 }.Create<ReplyBuffer>();

    public ReplyBuffer() => Writer = new Utf8JsonWriter(Output, WireJson.WriterOptions);

    public ArrayBufferWriter<byte> Output { get; } = new(1024);

    public Utf8JsonWriter Writer { get; }

    /// <summary>The reply written so far; call after <see cref="Utf8JsonWriter.Flush"/>.</summary>
    public ReadOnlyMemory<byte> Written => Output.WrittenMemory;

    /// <summary>Discards anything written, including a half-written reply.</summary>
    public void Clear()
    {
        Output.ResetWrittenCount();
        Writer.Reset(Output);
    }

    public bool TryReset()
    {
        Clear();
        return Output.Capacity <= MaxPooledBytes;
    }
}
