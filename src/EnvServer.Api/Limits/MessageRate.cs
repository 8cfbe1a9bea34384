using System.Threading.RateLimiting;

namespace EnvServer.Api.Limits;

/// <summary>The token bucket of one client: a second's worth of messages, refilled continuously.</summary>
internal static class MessageRate
{
    /// <param name="perSecond">Sustained rate, also the largest burst.</param>
    /// <param name="autoReplenishment">
    /// False for a bucket the caller refills with <see cref="ReplenishingRateLimiter.TryReplenish"/> before each
    /// acquire (by the time elapsed): one timer per WebSocket would cost hundreds of wake-ups a second.
    /// </param>
    public static TokenBucketRateLimiterOptions Bucket(int perSecond, bool autoReplenishment)
    {
        var tokensPerPeriod = Math.Max(1, perSecond / 10);
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = perSecond,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromSeconds((double)tokensPerPeriod / perSecond),
            QueueLimit = 0,
            AutoReplenishment = autoReplenishment,
        };
    }

    /// <summary>Whole seconds until a refused client may retry, at least 1 (the unit of HTTP's Retry-After).</summary>
    public static int RetryAfterSeconds(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
}
