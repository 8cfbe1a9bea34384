namespace EnvServer.Api.WebSockets;

/// <summary>One reassembled client message in a buffer from <see cref="MessageBuffers"/>, or the size of one that was too large.</summary>
internal readonly record struct InboundMessage(byte[]? Buffer, int Length, long TooLargeLength)
{
    public bool IsTooLarge => Buffer is null;

    public ReadOnlyMemory<byte> Memory => Buffer.AsMemory(0, Length);

    /// <summary>Bytes this message holds while queued, counted against the connection's read-ahead budget.</summary>
    public int HeldBytes => Buffer?.Length ?? 0;

    public void Release()
    {
        if (Buffer is not null) MessageBuffers.Return(Buffer);
    }
}
