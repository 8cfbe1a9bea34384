using System.Collections.Concurrent;

namespace EnvServer.Environments.Polypharmacy.Bandit;

/// <summary>
/// The oracles a server holds. Oracles on the same options and seed share one data set, which at the
/// paper's scale takes a moment to draw; past <see cref="Capacity"/> the least recently used oracle is dropped.
/// </summary>
public sealed class CombinationOracleStore(int capacity = 16)
{
    private readonly ConcurrentDictionary<string, Entry> _oracles = new(StringComparer.Ordinal);
    private long _clock;

    public int Capacity { get; } = capacity;

    public CombinationOracle Create(CombinationGeneratorOptions options, long seed, double noiseStd, long noiseSeed)
    {
        var dataset = _oracles.Values.Select(e => e.Oracle.Dataset).FirstOrDefault(d => d.Seed == seed && d.Options == options)
            ?? CombinationGenerator.Generate(options, seed);
        var oracle = new CombinationOracle(Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)), dataset, noiseStd, noiseSeed);
        _oracles[oracle.Id] = new Entry(oracle) { LastUse = Interlocked.Increment(ref _clock) };
        while (_oracles.Count > Capacity)
        {
            var oldest = _oracles.MinBy(p => p.Value.LastUse).Key;
            _oracles.TryRemove(oldest, out _);
        }

        return oracle;
    }

    public CombinationOracle? Find(string id)
    {
        if (!_oracles.TryGetValue(id, out var entry)) return null;
        entry.LastUse = Interlocked.Increment(ref _clock);
        return entry.Oracle;
    }

    public bool Remove(string id) => _oracles.TryRemove(id, out _);

    private sealed class Entry(CombinationOracle oracle)
    {
        public CombinationOracle Oracle { get; } = oracle;

        public long LastUse { get; set; }
    }
}
