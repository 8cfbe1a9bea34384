namespace EnvServer.Client;

/// <summary>One server of an <see cref="EnvServerPool"/>; every field is guarded by the pool's lock.</summary>
internal sealed class PooledServer(Uri url)
{
    public Uri Url { get; } = url;

    public Uri HealthUrl { get; } = new(EndpointUrls.AsDirectory(url), "health");

    /// <summary>Sessions open on it, counting openings in progress so that concurrent opens spread out.</summary>
    public int Sessions { get; set; }

    public bool IsUp { get; set; } = true;

    /// <summary>When a down server may be probed again (<see cref="Environment.TickCount64"/> milliseconds).</summary>
    public long NextProbeAt { get; set; }

    /// <summary>The <c>/health</c> probe in flight, shared by every opening that waits for it.</summary>
    public Task? Probe { get; set; }
}
