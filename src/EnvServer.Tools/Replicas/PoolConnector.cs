using EnvServer.Client;

namespace EnvServer.Tools.Replicas;

/// <summary>Sessions placed by an <see cref="EnvServerPool"/> straight on the replicas, with no proxy.</summary>
internal sealed class PoolConnector(EnvServerPool pool) : IReplicaConnector
{
    public string Description => $"with an EnvServerPool over {string.Join(", ", pool.Servers.Select(s => s.Url.Authority))}";

    public async Task<ReplicaConnection> OpenAsync()
    {
        var session = await pool.OpenAsync();
        return new ReplicaConnection([session.Server.Authority], kwargs => session.ResetAsync(kwargs), action => session.StepAsync(action), session);
    }
}
