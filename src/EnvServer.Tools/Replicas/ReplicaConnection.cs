using EnvServer.Client;

namespace EnvServer.Tools.Replicas;

/// <summary>One opened session of <c>replica-test</c>, however it was placed.</summary>
/// <param name="Tried">The replicas tried for it, in order; the last one holds it (<c>host:port</c>).</param>
/// <param name="Reset">The session's reset.</param>
/// <param name="Step">The session's step.</param>
/// <param name="Session">Closes the session.</param>
internal sealed record ReplicaConnection(
    string[] Tried,
    Func<object?, Task<StepResult>> Reset,
    Func<object, Task<StepResult>> Step,
    IAsyncDisposable Session);

/// <summary>Opens sessions on replicas: through a load balancer, or with an <see cref="EnvServerPool"/>.</summary>
internal interface IReplicaConnector
{
    /// <summary>How sessions reach the replicas, for the summary.</summary>
    string Description { get; }

    Task<ReplicaConnection> OpenAsync();
}
