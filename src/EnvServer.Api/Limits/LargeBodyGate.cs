namespace EnvServer.Api.Limits;

/// <summary>
/// MAX_CONCURRENT_LARGE_BODIES: how many large inputs (HTTP bodies and WebSocket messages over
/// <see cref="LargeBytes"/>) the whole server reads, parses and handles at once. Small inputs, i.e. every
/// step and reset a training client sends, never wait here. Without it, twenty clients sending 15 MiB bodies at
/// once made the server hold 700 MiB; with it, large inputs in flight hold at most this many times
/// MAX_MESSAGE_BYTES (twice that with the JSON parser's buffers), and further ones wait for a slot.
/// </summary>
internal sealed class LargeBodyGate(int concurrent) : IDisposable
{
    /// <summary>Inputs up to this size pass freely (64 KiB).</summary>
    public const int LargeBytes = 64 * 1024;

    private readonly SemaphoreSlim _slots = new(concurrent, concurrent);

    /// <summary>A slot for an input of <paramref name="bytes"/> (null: unknown yet, counted as large); null when none is needed.</summary>
    public async ValueTask<IDisposable?> EnterAsync(long? bytes, CancellationToken cancellation)
    {
        if (bytes <= LargeBytes) return null;
        await _slots.WaitAsync(cancellation);
        return new Slot(_slots);
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) slots.Release();
        }
    }
}
