namespace EnvServer.Client;

/// <summary>Settings of an <see cref="EnvServerPool"/>.</summary>
public sealed record EnvServerPoolOptions
{
    /// <summary>Shared default instance.</summary>
    public static readonly EnvServerPoolOptions Default = new();

    /// <summary>Settings of every session the pool opens, including the API key. Default <see cref="EnvSessionOptions.Default"/>.</summary>
    public EnvSessionOptions Session { get; init; } = EnvSessionOptions.Default;

    /// <summary>
    /// Rounds of trying every live server before <see cref="EnvServerPool.OpenAsync"/> gives up with a
    /// <see cref="NoServerAvailableException"/>. Default 10: with the default backoff, about 20 s of waiting.
    /// </summary>
    public int MaxOpenAttempts { get; init; } = 10;

    /// <summary>Wait after the first round in which every server was full or down; doubled after each further round. Default 100 ms.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest wait between rounds. Default 5 s.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a server marked down (it refused a connection or dropped a session) gets no new sessions before
    /// its <c>/health</c> is probed again. Default 5 s.
    /// </summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a <c>/health</c> probe may take before the server counts as still down. Default 2 s.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(2);
}
