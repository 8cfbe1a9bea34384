using System.Collections.Concurrent;

namespace EnvServer.Environments.Polypharmacy.Bandit;

/// <summary>
/// The oracles a server holds. Oracles on the same options and seed share one data set, which at the
/// paper's scale takes a moment to draw; past <see cref="Capacity"/> the least recently used oracle is dropped,
/// and past <see cref="PerOwner"/> the owner's own least recently used one, so that one client cannot push out
/// everyone else's oracles.
/// </summary>
public sealed class CombinationOracleStore(int capacity = 16, int perOwner = int.MaxValue)
{
    private readonly ConcurrentDictionary<string, Entry> _oracles = new(StringComparer.Ordinal);
    private long _clock;

    public int Capacity { get; } = capacity;

    public int PerOwner { get; } = perOwner;

    /// <summary>
    /// A new oracle for <paramref name="owner"/> (a client address; null is one owner of its own). <paramref name="cancellation"/>
    /// stops drawing a new data set when the client has gone.
    /// </summary>
    public CombinationOracle Create(CombinationGeneratorOptions options, long seed, double noiseStd, long noiseSeed, string? owner = null, CancellationToken cancellation = default)
    {
        var dataset = _oracles.Values.Select(e => e.Oracle.Dataset).FirstOrDefault(d => d.Seed == seed && d.Options == options)
            ?? CombinationGenerator.Generate(options, seed, cancellation);
        var oracle = new CombinationOracle(Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)), dataset, noiseStd, noiseSeed);
        _oracles[oracle.Id] = new Entry(oracle, owner ?? "") { LastUse = Interlocked.Increment(ref _clock) };
        DropOldest(_oracles.Where(p => p.Value.Owner == (owner ?? "")).ToList(), PerOwner);
        DropOldest(_oracles.ToList(), Capacity);
        return oracle;
    }

    private void DropOldest(List<KeyValuePair<string, Entry>> entries, int keep)
    {
        foreach (var (id, _) in entries.OrderBy(p => p.Value.LastUse).Take(Math.Max(0, entries.Count - keep))) _oracles.TryRemove(id, out _);
    }

    public CombinationOracle? Find(string id)
    {
        if (!_oracles.TryGetValue(id, out var entry)) return null;
        entry.LastUse = Interlocked.Increment(ref _clock);
        return entry.Oracle;
    }

    public bool Remove(string id) => _oracles.TryRemove(id, out _);

    private sealed class Entry(CombinationOracle oracle, string owner)
    {
        public CombinationOracle Oracle { get; } = oracle;

        public string Owner { get; } = owner;

        public long LastUse { get; set; }
    }
}
