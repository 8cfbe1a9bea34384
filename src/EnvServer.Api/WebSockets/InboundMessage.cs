using System.Buffers;

namespace EnvServer.Api.WebSockets;

/// <summary>One reassembled client message in a pooled buffer, or the size of one that was too large.</summary>
internal readonly record struct InboundMessage(byte[]? Buffer, int Length, long TooLargeLength)
{
    public bool IsTooLarge => Buffer is null;

    public ReadOnlyMemory<byte> Memory => Buffer.AsMemory(0, Length);

    public void Release()
    {
        if (Buffer is { Length: > 0 }) ArrayPool<byte>.Shared.Return(Buffer);
    }
}
