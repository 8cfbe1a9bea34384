namespace EnvServer.Tools.Replicas;

/// <summary>How one session of <c>replica-test</c> ended.</summary>
/// <param name="Replica">The replica that served it (the last address of the upstream header), or null if it never connected.</param>
/// <param name="Tried">Every replica the load balancer tried for it, in order (the whole upstream header).</param>
/// <param name="Steps">Steps taken.</param>
/// <param name="Error">Why it failed, or null when its episode ran to the end.</param>
internal sealed record SessionOutcome(string? Replica, IReadOnlyList<string> Tried, int Steps, Exception? Error)
{
    public bool Completed => Error is null;
}
