namespace EnvServer.Tools.Replicas;

/// <summary>Settings of <c>replica-test</c>.</summary>
internal sealed record ReplicaTestOptions
{
    /// <summary>The load balancer's base URL; it must add the <see cref="UpstreamHeader"/> to upgrade responses.</summary>
    public required Uri Url { get; init; }

    /// <summary>The replica to kill, as the load balancer names it in <see cref="UpstreamHeader"/>, e.g. <c>127.0.0.1:41002</c>.</summary>
    public required string Victim { get; init; }

    /// <summary>Shell command that kills the victim, e.g. <c>kill -9 1234</c>.</summary>
    public required string KillCommand { get; init; }

    /// <summary>Sessions open when the victim is killed. Default 300.</summary>
    public int Sessions { get; init; } = 300;

    /// <summary>Steps every session has taken when the victim is killed (episodes are 100 steps). Default 10.</summary>
    public int StepsBeforeKill { get; init; } = 10;

    /// <summary>Sessions opened right after the kill, and played to the end. Default 300.</summary>
    public int NewSessions { get; init; } = 300;

    /// <summary>The response header that names the replica; nginx's <c>$upstream_addr</c>. Default <c>X-Upstream-Addr</c>.</summary>
    public string UpstreamHeader { get; init; } = "X-Upstream-Addr";
}
