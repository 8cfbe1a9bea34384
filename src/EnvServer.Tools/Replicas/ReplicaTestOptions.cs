namespace EnvServer.Tools.Replicas;

/// <summary>Settings of <c>replica-test</c>.</summary>
internal sealed record ReplicaTestOptions
{
    /// <summary>
    /// The load balancer's base URL (it must add the <see cref="UpstreamHeader"/> to upgrade responses), or null
    /// when <see cref="Servers"/> are given.
    /// </summary>
    public Uri? Url { get; init; }

    /// <summary>The replicas' own URLs, for sessions placed by an <c>EnvServerPool</c> instead of a proxy. Default none.</summary>
    public IReadOnlyList<Uri> Servers { get; init; } = [];

    /// <summary>The replica to kill as <c>host:port</c> (as nginx's <c>$upstream_addr</c> names it), e.g. <c>127.0.0.1:41002</c>.</summary>
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
