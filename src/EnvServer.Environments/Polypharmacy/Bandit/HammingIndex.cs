namespace EnvServer.Environments.Polypharmacy.Bandit;

/// <summary>
/// Multi-hot rows (combinations or patterns) searched for the one nearest a query by Hamming distance.
/// A linear scan of XOR popcounts: 100,000 combinations of 500 drugs are 800,000 word operations,
/// well under a millisecond, and exact, which an approximate index would not be.
/// </summary>
public sealed class HammingIndex
{
    private readonly ulong[] _bits;

    /// <param name="bits">Row-major bitsets, <paramref name="words"/> words per row.</param>
    /// <param name="words">Words per row (<see cref="MultiHot.Words"/> of the drug count).</param>
    public HammingIndex(ulong[] bits, int words)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(words);
        if (bits.Length % words != 0) throw new ArgumentException($"{bits.Length} words do not split into rows of {words}.", nameof(bits));
        _bits = bits;
        Words = words;
        Count = bits.Length / words;
    }

    public int Count { get; }

    public int Words { get; }

    public ReadOnlySpan<ulong> Row(int row) => _bits.AsSpan(row * Words, Words);

    /// <summary>The row nearest <paramref name="query"/>, ties to the lowest row, and its distance.</summary>
    public (int Row, int Distance) Nearest(ReadOnlySpan<ulong> query)
    {
        if (query.Length != Words) throw new ArgumentException($"Expected {Words} words, got {query.Length}.", nameof(query));
        var best = -1;
        var bestDistance = int.MaxValue;
        var rows = _bits.AsSpan();
        for (var row = 0; row < Count; row++)
        {
            var distance = MultiHot.Hamming(rows.Slice(row * Words, Words), query);
            if (distance >= bestDistance) continue;
            best = row;
            bestDistance = distance;
            if (distance == 0) break;
        }

        return (best, bestDistance);
    }
}
