using System.Collections.Concurrent;

namespace EnvServer.Tools.Soak;

/// <summary>What the clients saw, counted across all of them.</summary>
internal sealed class SoakTally
{
    private readonly ConcurrentDictionary<string, long> _outcomes = new(StringComparer.Ordinal);
    private long _steps;
    private long _episodes;
    private long _messages;

    public long Steps => Interlocked.Read(ref _steps);

    public long Episodes => Interlocked.Read(ref _episodes);

    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>Outcome label (e.g. "ws VALIDATION_ERROR", "http 422") → count.</summary>
    public IReadOnlyDictionary<string, long> Outcomes => _outcomes;

    /// <summary>HTTP 5xx answers and WebSocket internal errors: server bugs, must stay 0.</summary>
    public long ServerErrors => _outcomes.Where(o => o.Key.StartsWith("http 5", StringComparison.Ordinal) || o.Key == InternalError).Sum(o => o.Value);

    /// <summary>Valid requests the server refused, and connections it dropped: must stay 0 too.</summary>
    public long Failures => _outcomes.Where(o => o.Key.StartsWith(Failure, StringComparison.Ordinal)).Sum(o => o.Value);

    public const string InternalError = "ws internal error";

    public const string Failure = "FAILURE ";

    public void Count(string outcome)
    {
        Interlocked.Increment(ref _messages);
        _outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
    }

    public void Fail(string what) => _outcomes.AddOrUpdate(Failure + what, 1, (_, n) => n + 1);

    public void Step(bool done)
    {
        Interlocked.Increment(ref _steps);
        if (done) Interlocked.Increment(ref _episodes);
    }
}
