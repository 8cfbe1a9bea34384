namespace EnvServer.Client;

/// <summary>
/// <see cref="EnvServerPool.OpenAsync"/> found no server with a free slot in
/// <see cref="EnvServerPoolOptions.MaxOpenAttempts"/> rounds: every server was at capacity or down.
/// </summary>
public sealed class NoServerAvailableException : Exception
{
    public NoServerAvailableException(int attempts, IReadOnlyDictionary<Uri, string> reasons)
        : base($"No server accepted a session in {attempts} rounds: " +
               string.Join("; ", reasons.Select(r => $"{r.Key} {r.Value}")) + ".")
    {
        Attempts = attempts;
        Reasons = reasons;
    }

    /// <summary>Rounds tried.</summary>
    public int Attempts { get; }

    /// <summary>Each server's last refusal, e.g. <c>at capacity (8/8 sessions)</c> or <c>down: connection refused</c>.</summary>
    public IReadOnlyDictionary<Uri, string> Reasons { get; }
}
