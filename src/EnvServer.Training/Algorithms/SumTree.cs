namespace EnvServer.Training.Algorithms;

/// <summary>
/// A binary tree over a fixed number of priorities whose inner nodes hold the sum and the minimum of their leaves, as in
/// Schaul et al. 2016 (and OpenAI Baselines' SegmentTree): O(log n) updates, prefix-sum search for proportional
/// sampling, and the minimum priority for the largest importance-sampling weight.
/// </summary>
internal sealed class SumTree
{
    private readonly int _leaves;
    private readonly double[] _sums;
    private readonly double[] _minimums;

    public SumTree(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
        _leaves = 1;
        while (_leaves < capacity) _leaves *= 2;
        _sums = new double[2 * _leaves];
        _minimums = Enumerable.Repeat(double.PositiveInfinity, 2 * _leaves).ToArray();
    }

    public int Capacity { get; }

    public double Total => _sums[1];

    /// <summary>The smallest priority set so far among the leaves in use (+∞ when none is).</summary>
    public double Minimum => _minimums[1];

    public double this[int index] => _sums[_leaves + index];

    public void Set(int index, double priority)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(priority);
        if ((uint)index >= (uint)Capacity) throw new ArgumentOutOfRangeException(nameof(index));
        var node = _leaves + index;
        _sums[node] = priority;
        _minimums[node] = priority;
        for (node /= 2; node >= 1; node /= 2)
        {
            _sums[node] = _sums[2 * node] + _sums[2 * node + 1];
            _minimums[node] = Math.Min(_minimums[2 * node], _minimums[2 * node + 1]);
        }
    }

    /// <summary>The leaf i whose cumulative range [Σ_{j&lt;i} p_j, Σ_{j≤i} p_j) holds <paramref name="prefixSum"/> (in [0, Total)).</summary>
    public int Find(double prefixSum)
    {
        var node = 1;
        while (node < _leaves)
        {
            var left = 2 * node;
            if (prefixSum < _sums[left]) node = left;
            else
            {
                prefixSum -= _sums[left];
                node = left + 1;
            }
        }

        // Rounding can walk past the last positive leaf; step back to one that can be drawn.
        var index = node - _leaves;
        while (index > 0 && (index >= Capacity || _sums[_leaves + index] == 0)) index--;
        return index;
    }
}
