namespace EnvServer.Client.Tests;

/// <summary>Several <see cref="ReplicaServer"/>s with the same settings, disposed together.</summary>
public sealed class ReplicaSet : IAsyncDisposable
{
    private readonly ReplicaServer[] replicas;

    private ReplicaSet(ReplicaServer[] replicas) => this.replicas = replicas;

    public ReplicaServer this[int index] => replicas[index];

    /// <summary>The replicas' URLs, in order: what a pool is given.</summary>
    public IEnumerable<Uri> Urls => replicas.Select(r => r.Url);

    public static ReplicaSet Start(int count, IReadOnlyDictionary<string, string>? settings = null) =>
        new([.. Enumerable.Range(0, count).Select(_ => ReplicaServer.Start(settings))]);

    public int IndexOf(Uri url) => Array.FindIndex(replicas, r => r.Url == url);

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in replicas) await replica.DisposeAsync();
    }
}
