using EnvServer.Training.Checkpoints;

namespace EnvServer.Training.Federated;

/// <summary>
/// FedAdam (Reddi et al. 2021, "Adaptive Federated Optimization", Algorithm 2): the FedAvg mean's difference from the
/// global weights is a pseudo-gradient Δ that a server-side Adam applies, m ← β1·m + (1−β1)·Δ, v ← β2·v + (1−β2)·Δ²,
/// w ← w + η·m/(√v + τ), without bias correction as in the paper. The moments are state the coordinator persists
/// (<see cref="State"/>) so a restart resumes the same optimiser.
/// </summary>
internal sealed class FedAdam(FedAdamOptions options) : IAggregationStrategy
{
    private float[][]? _m;
    private float[][]? _v;

    public float[][] Aggregate(float[][] global, IReadOnlyList<WeightedWeights> updates)
    {
        var mean = FedAvg.WeightedMean(updates);
        _m ??= global.Select(g => new float[g.Length]).ToArray();
        _v ??= global.Select(g => new float[g.Length]).ToArray();
        var next = new float[global.Length][];
        for (var t = 0; t < global.Length; t++)
        {
            next[t] = new float[global[t].Length];
            for (var j = 0; j < next[t].Length; j++)
            {
                var delta = (double)mean[t][j] - global[t][j];
                _m[t][j] = (float)(options.Beta1 * _m[t][j] + (1 - options.Beta1) * delta);
                _v[t][j] = (float)(options.Beta2 * _v[t][j] + (1 - options.Beta2) * delta * delta);
                next[t][j] = (float)(global[t][j] + options.ServerLearningRate * _m[t][j] / (Math.Sqrt(_v[t][j]) + options.Tau));
            }
        }

        return next;
    }

    /// <summary>A copy of the moments as tensors named m.{i} and v.{i}; empty before the first round.</summary>
    public IReadOnlyList<NamedTensor> State() => _m is null || _v is null
        ? []
        : [.. _m.Select((m, i) => new NamedTensor($"m.{i}", [m.Length], (float[])m.Clone())), .. _v.Select((v, i) => new NamedTensor($"v.{i}", [v.Length], (float[])v.Clone()))];

    public void Restore(IReadOnlyList<NamedTensor> state)
    {
        if (state.Count == 0) return;
        var byName = state.ToDictionary(t => t.Name);
        var count = state.Count / 2;
        _m = Enumerable.Range(0, count).Select(i => (float[])byName[$"m.{i}"].Data.Clone()).ToArray();
        _v = Enumerable.Range(0, count).Select(i => (float[])byName[$"v.{i}"].Data.Clone()).ToArray();
    }
}

/// <summary>FedAdam's server-side settings.</summary>
internal sealed record FedAdamOptions
{
    /// <summary>Server learning rate η. Default 0.01.</summary>
    public double ServerLearningRate { get; init; } = 0.01;

    /// <summary>β1. Default 0.9.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>β2. Default 0.99.</summary>
    public double Beta2 { get; init; } = 0.99;

    /// <summary>Adaptivity τ (Reddi et al. tune it in 1e-5..1e-1). Default 1e-3.</summary>
    public double Tau { get; init; } = 1e-3;
}
