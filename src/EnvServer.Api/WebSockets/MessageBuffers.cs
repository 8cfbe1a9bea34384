using System.Buffers;

namespace EnvServer.Api.WebSockets;

/// <summary>
/// Buffers of client messages. Small ones come from the shared pool; large ones are plain arrays the GC takes
/// back once the message is answered, because the shared pool keeps whatever it is given: a few clients sending
/// 16 MiB messages would leave the server holding gigabytes of pooled buffers after they left.
/// </summary>
internal static class MessageBuffers
{
    /// <summary>Largest pooled buffer; most messages (an action, a reset) are far smaller.</summary>
    public const int MaxPooledBytes = 64 * 1024;

    public static byte[] Rent(int minimumLength) =>
        minimumLength <= MaxPooledBytes ? ArrayPool<byte>.Shared.Rent(minimumLength) : GC.AllocateUninitializedArray<byte>(minimumLength);

    /// <summary>Gives a pooled buffer back; a large one is left to the GC.</summary>
    public static void Return(byte[] buffer)
    {
        if (buffer.Length is > 0 and <= MaxPooledBytes) ArrayPool<byte>.Shared.Return(buffer);
    }
}
