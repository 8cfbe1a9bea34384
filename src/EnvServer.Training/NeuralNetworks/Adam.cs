using System.Numerics.Tensors;

namespace EnvServer.Training.NeuralNetworks;

/// <summary>
/// Adam (Kingma &amp; Ba 2015) as torch.optim.Adam computes it, with CleanRL's ε = 1e-5:
/// θ ← θ − lr/(1−β1ᵗ) · m / (√v / √(1−β2ᵗ) + ε).
/// </summary>
internal sealed class Adam
{
    private readonly IReadOnlyList<Parameter> _parameters;
    private readonly float[][] _firstMoments;
    private readonly float[][] _secondMoments;
    private readonly float[][] _scratch;
    private readonly float _beta1;
    private readonly float _beta2;
    private readonly float _epsilon;
    private int _steps;

    public Adam(IReadOnlyList<Parameter> parameters, float learningRate, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-5f)
    {
        _parameters = parameters;
        LearningRate = learningRate;
        _beta1 = beta1;
        _beta2 = beta2;
        _epsilon = epsilon;
        _firstMoments = parameters.Select(p => new float[p.Value.Length]).ToArray();
        _secondMoments = parameters.Select(p => new float[p.Value.Length]).ToArray();
        _scratch = parameters.Select(p => new float[p.Value.Length]).ToArray();
    }

    /// <summary>Current learning rate; PPO anneals it between updates.</summary>
    public float LearningRate { get; set; }

    public void Step()
    {
        _steps++;
        var stepSize = LearningRate / (1f - MathF.Pow(_beta1, _steps));
        var inverseSecondCorrection = 1f / MathF.Sqrt(1f - MathF.Pow(_beta2, _steps));
        for (var i = 0; i < _parameters.Count; i++)
        {
            var gradient = _parameters[i].Gradient;
            var m = _firstMoments[i];
            var v = _secondMoments[i];
            var denominator = _scratch[i];

            TensorPrimitives.Multiply(m, _beta1, m);
            TensorPrimitives.MultiplyAdd(gradient, 1f - _beta1, m, m);
            TensorPrimitives.Multiply(v, _beta2, v);
            TensorPrimitives.Multiply(gradient, gradient, denominator);
            TensorPrimitives.MultiplyAdd(denominator, 1f - _beta2, v, v);

            TensorPrimitives.Sqrt(v, denominator);
            TensorPrimitives.Multiply(denominator, inverseSecondCorrection, denominator);
            TensorPrimitives.Add(denominator, _epsilon, denominator);
            TensorPrimitives.Divide(m, denominator, denominator);
            TensorPrimitives.MultiplyAdd(denominator, -stepSize, _parameters[i].Value, _parameters[i].Value);
        }
    }
}
