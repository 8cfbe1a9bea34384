namespace EnvServer.Training.Bandit;

/// <summary>
/// The verdicts of the latest model snapshots. The network moves with every pull, and one snapshot's
/// 3σ verdict misses combinations another catches; the ensemble flags a combination when at least a
/// quorum of the kept snapshots flag it.
/// </summary>
internal sealed class SnapshotEnsemble(int capacity, double quorum)
{
    private readonly Queue<(bool[] Combinations, bool[] Patterns)> _snapshots = new();

    public int Count => _snapshots.Count;

    public void Add(bool[] combinations, bool[] patterns)
    {
        _snapshots.Enqueue((combinations, patterns));
        if (_snapshots.Count > capacity) _snapshots.Dequeue();
    }

    public int[] FlaggedCombinations() => Flagged(s => s.Combinations);

    public int[] FlaggedPatterns() => Flagged(s => s.Patterns);

    private int[] Flagged(Func<(bool[] Combinations, bool[] Patterns), bool[]> verdicts)
    {
        if (_snapshots.Count == 0) return [];
        var needed = Math.Max(1, (int)Math.Ceiling(quorum * _snapshots.Count - 1e-9));
        var votes = new int[verdicts(_snapshots.Peek()).Length];
        foreach (var snapshot in _snapshots)
        {
            var flags = verdicts(snapshot);
            for (var i = 0; i < flags.Length; i++) votes[i] += flags[i] ? 1 : 0;
        }

        return Enumerable.Range(0, votes.Length).Where(i => votes[i] >= needed).ToArray();
    }
}
