using System.Buffers;

namespace EnvServer.Api.Validation;

/// <summary>
/// Takes a disposed <see cref="System.Text.Json.JsonDocument"/>'s index buffer back out of the shared array pool.
/// For an input over 4 MiB the parser rents an index as large as the input and, on Dispose, hands it to the pool,
/// which keeps it in the disposing thread's slot; over many threads that was hundreds of megabytes kept after the
/// clients had left. The pool serves a thread's own slot first, so renting that size again at once, on the same
/// thread, takes exactly that buffer back, and the GC frees it. Inputs up to 4 MiB use an index of at most
/// 1 MiB, which the pool may keep.
/// </summary>
internal static class ParserBuffers
{
    private const int RowBytes = 12;
    private const int PooledIndexLimit = 4 * 1024 * 1024;

    /// <summary>Call right after disposing the document parsed from <paramref name="inputBytes"/> bytes, on the same thread.</summary>
    public static void Reclaim(int inputBytes)
    {
        if (inputBytes > PooledIndexLimit - RowBytes) _ = ArrayPool<byte>.Shared.Rent(inputBytes + RowBytes);
    }
}
