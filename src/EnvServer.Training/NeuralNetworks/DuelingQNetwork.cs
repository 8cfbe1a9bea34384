using System.Numerics.Tensors;

namespace EnvServer.Training.NeuralNetworks;

/// <summary>
/// The dueling architecture of Wang et al. 2016: a shared ReLU torso feeding a state-value head V(s) and an advantage
/// head A(s, a), combined as Q(s, a) = V(s) + A(s, a) − mean_a A(s, a) so that V and A are identifiable.
/// Tensor names <c>feature.{0,2}</c>, <c>value</c>, <c>advantage</c> match a PyTorch module with
/// <c>feature = nn.Sequential(Linear, ReLU, Linear, ReLU)</c> and two Linear heads.
/// </summary>
internal sealed class DuelingQNetwork
{
    private readonly Relu _torsoActivation = new();
    private Matrix? _q;
    private Matrix? _valueGradient;
    private Matrix? _advantageGradient;

    public DuelingQNetwork(int observationSize, int actions, int hiddenSize)
    {
        Torso = new Mlp([observationSize, hiddenSize, hiddenSize], ActivationKind.Relu);
        Value = new Linear("value", hiddenSize, 1);
        Advantage = new Linear("advantage", hiddenSize, actions);
        NamedParameters =
        [
            .. Torso.Parameters.Select(p => ($"feature.{p.Name}", p)),
            .. Value.Parameters.Select(p => (p.Name, p)),
            .. Advantage.Parameters.Select(p => (p.Name, p)),
        ];
        Parameters = NamedParameters.Select(n => n.Parameter).ToArray();
    }

    public Mlp Torso { get; }

    public Linear Value { get; }

    public Linear Advantage { get; }

    public int Actions => Advantage.Outputs;

    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Every parameter with its PyTorch state-dict name.</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> NamedParameters { get; }

    /// <summary>Orthogonal init with gain √2 in the torso and 1 on the heads, biases 0.</summary>
    public DuelingQNetwork Initialize(Random random)
    {
        Torso.InitializeOrthogonal(OrthogonalInitializer.HiddenGain, random);
        OrthogonalInitializer.Initialize(Value, OrthogonalInitializer.ValueOutputGain, random);
        OrthogonalInitializer.Initialize(Advantage, OrthogonalInitializer.ValueOutputGain, random);
        return this;
    }

    /// <summary>Q-values, one row per observation, one column per action.</summary>
    public Matrix Forward(Matrix observations)
    {
        var features = _torsoActivation.Forward(Torso.Forward(observations));
        var value = Value.Forward(features);
        var advantage = Advantage.Forward(features);
        var q = _q = Matrix.Reuse(_q, observations.Rows, Actions);
        for (var r = 0; r < q.Rows; r++)
        {
            var row = advantage.Row(r);
            var shift = value[r, 0] - TensorPrimitives.Sum(row) / Actions;
            TensorPrimitives.Add(row, shift, q.Row(r));
        }

        return q;
    }

    /// <summary>Accumulates the parameters' gradients from dL/dQ of the last <see cref="Forward"/>.</summary>
    public void Backward(Matrix qGradient)
    {
        // ∂Q_a/∂V = 1 and ∂Q_a/∂A_b = [a = b] − 1/|A|, so dV = Σ_a dQ_a and dA_b = dQ_b − mean_a dQ_a.
        var valueGradient = _valueGradient = Matrix.Reuse(_valueGradient, qGradient.Rows, 1);
        var advantageGradient = _advantageGradient = Matrix.Reuse(_advantageGradient, qGradient.Rows, Actions);
        for (var r = 0; r < qGradient.Rows; r++)
        {
            var row = qGradient.Row(r);
            var sum = TensorPrimitives.Sum(row);
            valueGradient[r, 0] = sum;
            TensorPrimitives.Subtract(row, sum / Actions, advantageGradient.Row(r));
        }

        var featureGradient = Value.Backward(valueGradient);
        var fromAdvantage = Advantage.Backward(advantageGradient);
        TensorPrimitives.Add(featureGradient.Data, fromAdvantage.Data, featureGradient.Data);
        Torso.Backward(_torsoActivation.Backward(featureGradient));
    }

    /// <summary>θ_target ← τ·θ + (1 − τ)·θ_target for every parameter (τ = 1 copies).</summary>
    public void SoftUpdateFrom(DuelingQNetwork source, float tau)
    {
        for (var i = 0; i < Parameters.Count; i++)
        {
            var target = Parameters[i].Value;
            var online = source.Parameters[i].Value;
            if (tau >= 1f) online.CopyTo(target, 0);
            else TensorPrimitives.Lerp(target, online, tau, target);
        }
    }
}
