using System.Threading.RateLimiting;

namespace EnvServer.Api.Limits;

/// <summary>
/// MAX_MESSAGES_PER_SECOND for one WebSocket connection. A refused message still gets its one reply (an
/// error), and the connection and its episode stay open: the client only has to slow down.
/// </summary>
internal sealed class ConnectionRateLimiter(int perSecond) : IDisposable
{
    private readonly TokenBucketRateLimiter? _bucket = perSecond > 0 ? new TokenBucketRateLimiter(MessageRate.Bucket(perSecond, autoReplenishment: false)) : null;

    /// <summary>The limit; 0 when there is none.</summary>
    public int PerSecond => perSecond;

    /// <summary>Null when the message may go ahead, else how long to wait before retrying.</summary>
    public TimeSpan? TryAcquire()
    {
        if (_bucket is null) return null;
        _bucket.TryReplenish();
        using var lease = _bucket.AttemptAcquire();
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1.0 / perSecond);
    }

    public void Dispose() => _bucket?.Dispose();
}
