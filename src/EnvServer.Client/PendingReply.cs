using System.Text.Json;
using System.Threading.Tasks.Sources;

namespace EnvServer.Client;

/// <summary>
/// The one reply a session waits for, completed by whichever comes first: the reader loop, the
/// timeout, the caller's cancellation or a send failure. Reused for every request, so waiting for a
/// reply allocates nothing.
/// </summary>
internal sealed class PendingReply : IValueTaskSource<JsonElement>
{
    // Continuations run on the thread pool, so caller code after an await never runs on (and stalls)
    // the reader loop that answers the server's pings.
    private ManualResetValueTaskSourceCore<JsonElement> core = new() { RunContinuationsAsynchronously = true };

    // 1 while a request waits; the completer that swaps it to 0 is the only one that completes.
    private int armed;

    /// <summary>The reply type the waiting request expects.</summary>
    public ReplyKind Expected { get; private set; }

    public bool IsArmed => Volatile.Read(ref armed) == 1;

    /// <summary>Starts waiting; call only after the previous wait's result was taken.</summary>
    public ValueTask<JsonElement> Arm(ReplyKind expected)
    {
        core.Reset();
        Expected = expected;
        Interlocked.Exchange(ref armed, 1);
        return new ValueTask<JsonElement>(this, core.Version);
    }

    public bool TrySetResult(JsonElement value)
    {
        if (Interlocked.Exchange(ref armed, 0) == 0) return false;
        core.SetResult(value);
        return true;
    }

    public bool TrySetException(Exception error)
    {
        if (Interlocked.Exchange(ref armed, 0) == 0) return false;
        core.SetException(error);
        return true;
    }

    public JsonElement GetResult(short token) => core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        core.OnCompleted(continuation, state, token, flags);
}
