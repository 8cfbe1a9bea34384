namespace EnvServer.Environments.Sepsis;

/// <summary>A (possibly time-dependent, possibly random) policy on full states, for exact evaluation.</summary>
public interface ISepsisPolicy
{
    /// <summary>Writes P(action) for the 8 actions at step <paramref name="step"/> (0-based) in <paramref name="state"/>.</summary>
    void Probabilities(int step, SepsisState state, Span<double> probabilities);
}

/// <summary>The same action always; <c>new SepsisConstantPolicy(SepsisAction.None)</c> is "never treat".</summary>
public sealed class SepsisConstantPolicy(SepsisAction action) : ISepsisPolicy
{
    public SepsisAction Action { get; } = action;

    public void Probabilities(int step, SepsisState state, Span<double> probabilities)
    {
        probabilities.Clear();
        probabilities[Action.Index] = 1.0;
    }
}

/// <summary>Each of the 8 actions w.p. 1/8 at every step.</summary>
public sealed class SepsisUniformPolicy : ISepsisPolicy
{
    public static SepsisUniformPolicy Instance { get; } = new();

    public void Probabilities(int step, SepsisState state, Span<double> probabilities) => probabilities.Fill(1.0 / SepsisAction.Count);
}
