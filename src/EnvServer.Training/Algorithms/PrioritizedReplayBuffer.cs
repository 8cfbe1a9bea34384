using EnvServer.Training.NeuralNetworks;

namespace EnvServer.Training.Algorithms;

/// <summary>
/// Proportional prioritized experience replay (Schaul et al. 2016): transition i is drawn with probability
/// P(i) = p_i^α / Σ_k p_k^α (stratified over the sum tree), corrected by importance-sampling weights
/// w_i = (N·P(i))^−β / max_j w_j. New transitions get the largest priority seen so far, so each is replayed at
/// least once soon; α = 0 is uniform replay with all weights 1. A ring buffer: the oldest transition is overwritten.
/// </summary>
internal sealed class PrioritizedReplayBuffer
{
    private readonly SumTree _tree;
    private readonly float _alpha;
    private readonly float[][] _observations;
    private readonly float[][] _nextObservations;
    private readonly int[] _actions;
    private readonly float[] _rewards;
    private readonly float[] _discounts;
    private readonly bool[] _terminated;
    private double _maxPriority = 1.0;
    private int _next;

    public PrioritizedReplayBuffer(int capacity, int observationSize, float alpha)
    {
        _tree = new SumTree(capacity);
        _alpha = alpha;
        _observations = Enumerable.Range(0, capacity).Select(_ => new float[observationSize]).ToArray();
        _nextObservations = Enumerable.Range(0, capacity).Select(_ => new float[observationSize]).ToArray();
        _actions = new int[capacity];
        _rewards = new float[capacity];
        _discounts = new float[capacity];
        _terminated = new bool[capacity];
    }

    public int Count { get; private set; }

    /// <summary>Stores a (possibly n-step) transition: reward is the discounted sum, discount the γᵏ that multiplies the bootstrap.</summary>
    public void Add(Transition transition)
    {
        transition.Observation.CopyTo(_observations[_next], 0);
        transition.NextObservation.CopyTo(_nextObservations[_next], 0);
        _actions[_next] = transition.Action;
        _rewards[_next] = transition.Reward;
        _discounts[_next] = transition.Discount;
        _terminated[_next] = transition.Terminated;
        _tree.Set(_next, Math.Pow(_maxPriority, _alpha));
        _next = (_next + 1) % _tree.Capacity;
        Count = Math.Min(Count + 1, _tree.Capacity);
    }

    /// <summary>Draws <paramref name="batch"/>.Size transitions, one from each of as many equal slices of the total priority.</summary>
    public void Sample(ReplayBatch batch, float beta, Random random)
    {
        if (Count == 0) throw new InvalidOperationException("The replay buffer is empty.");
        var total = _tree.Total;
        var segment = total / batch.Size;
        var maxWeight = Math.Pow(Count * _tree.Minimum / total, -beta);
        for (var j = 0; j < batch.Size; j++)
        {
            var index = _tree.Find(Math.Min((j + random.NextDouble()) * segment, total * (1 - 1e-12)));
            batch.Indices[j] = index;
            batch.Weights[j] = (float)(Math.Pow(Count * _tree[index] / total, -beta) / maxWeight);
            _observations[index].CopyTo(batch.Observations.Row(j));
            _nextObservations[index].CopyTo(batch.NextObservations.Row(j));
            batch.Actions[j] = _actions[index];
            batch.Rewards[j] = _rewards[index];
            batch.Discounts[j] = _discounts[index];
            batch.Terminated[j] = _terminated[index];
        }
    }

    /// <summary>Sets the priorities of sampled transitions to |δ| + ε from their new TD errors.</summary>
    public void UpdatePriorities(ReadOnlySpan<int> indices, ReadOnlySpan<float> tdErrors, float epsilon)
    {
        for (var j = 0; j < indices.Length; j++)
        {
            var priority = Math.Abs(tdErrors[j]) + epsilon;
            _maxPriority = Math.Max(_maxPriority, priority);
            _tree.Set(indices[j], Math.Pow(priority, _alpha));
        }
    }

    /// <summary>P(i) of the transition in slot <paramref name="index"/>.</summary>
    public double Probability(int index) => _tree[index] / _tree.Total;
}

/// <summary>One transition for the buffer; <see cref="Discount"/> is 0 where nothing is bootstrapped.</summary>
internal readonly record struct Transition(float[] Observation, int Action, float Reward, float[] NextObservation, bool Terminated, float Discount);

/// <summary>A sampled minibatch, allocated once and refilled.</summary>
internal sealed class ReplayBatch(int size, int observationSize)
{
    public int Size { get; } = size;

    public int[] Indices { get; } = new int[size];

    public float[] Weights { get; } = new float[size];

    public Matrix Observations { get; } = new(size, observationSize);

    public Matrix NextObservations { get; } = new(size, observationSize);

    public int[] Actions { get; } = new int[size];

    public float[] Rewards { get; } = new float[size];

    public float[] Discounts { get; } = new float[size];

    public bool[] Terminated { get; } = new bool[size];
}
