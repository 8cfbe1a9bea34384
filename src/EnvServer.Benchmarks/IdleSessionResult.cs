namespace EnvServer.Benchmarks;

/// <summary>Server memory before and after opening idle WebSocket sessions.</summary>
/// <param name="Requested">Sessions the run tried to open.</param>
/// <param name="Opened">Sessions connected and reset.</param>
/// <param name="ActiveSessions">The server's own count (<c>GET /health</c>) while they were open.</param>
/// <param name="BaselineKiB">Server RSS before, or null when the server's process is unknown.</param>
/// <param name="LoadedKiB">Server RSS with the sessions open.</param>
/// <param name="FirstError">Why a session failed to open, if any did.</param>
internal sealed record IdleSessionResult(
    int Requested,
    int Opened,
    int? ActiveSessions,
    long? BaselineKiB,
    long? LoadedKiB,
    string? FirstError)
{
    public double? KiBPerSession => BaselineKiB is { } before && LoadedKiB is { } after && Opened > 0
        ? (after - before) / (double)Opened
        : null;
}
