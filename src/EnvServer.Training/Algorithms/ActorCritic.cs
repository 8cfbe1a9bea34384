using EnvServer.Training.NeuralNetworks;
using EnvServer.Training.Networks;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Algorithms;

/// <summary>
/// CleanRL's PPO agent: separate actor and critic MLPs (tanh, orthogonal init with gains √2 / 0.01 / 1),
/// a categorical head over discrete actions or a Gaussian head with a state-independent log-std over a
/// continuous one, and running observation normalisation in front of both.
/// </summary>
internal sealed class ActorCritic : IPolicy
{
    /// <param name="observationSize">Length of the observation's features vector.</param>
    /// <param name="actionSpace">What the actor outputs.</param>
    /// <param name="hiddenSize">Width of both hidden layers.</param>
    /// <param name="random">Draws the initial weights.</param>
    /// <param name="normalizer">Observation statistics to start from (a checkpoint's); fresh ones by default.</param>
    public ActorCritic(int observationSize, ActionSpace actionSpace, int hiddenSize, Random random, RunningMeanStd? normalizer = null)
    {
        ActionSpace = actionSpace;
        Actor = new Mlp([observationSize, hiddenSize, hiddenSize, actionSpace.Size], ActivationKind.Tanh)
            .InitializeOrthogonal(OrthogonalInitializer.PolicyOutputGain, random);
        Critic = new Mlp([observationSize, hiddenSize, hiddenSize, 1], ActivationKind.Tanh)
            .InitializeOrthogonal(OrthogonalInitializer.ValueOutputGain, random);
        LogStd = actionSpace.IsDiscrete ? null : new Parameter("actor_logstd", 1, actionSpace.Size);
        Normalizer = normalizer ?? new RunningMeanStd(observationSize);
        Parameters = [.. Actor.Parameters, .. Critic.Parameters, .. LogStd is null ? [] : new[] { LogStd }];
    }

    public ActionSpace ActionSpace { get; }

    public Mlp Actor { get; }

    public Mlp Critic { get; }

    /// <summary>log σ of the Gaussian head; null for discrete actions.</summary>
    public Parameter? LogStd { get; }

    public RunningMeanStd Normalizer { get; }

    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The observations normalised with the current statistics (which this does not change).</summary>
    public Matrix Normalize(IReadOnlyList<float[]> observations)
    {
        var batch = new Matrix(observations.Count, Normalizer.Mean.Length);
        for (var i = 0; i < observations.Count; i++)
        {
            observations[i].CopyTo(batch.Row(i));
            Normalizer.Normalize(batch.Row(i));
        }

        return batch;
    }

    public float[] ChooseActions(EnvironmentVector envs, bool deterministic, Random random)
    {
        var actorOutput = Actor.Forward(Normalize(envs.Observations));
        var logProbScratch = new float[ActionSpace.Size];
        var mask = new bool[ActionSpace.Layout is null ? 0 : ActionSpace.Size];
        var actions = new float[envs.Count];
        for (var i = 0; i < actions.Length; i++)
        {
            ActionSpace.Layout?.ReadMask(envs.RawObservations[i], mask);
            actions[i] = Act(actorOutput.Row(i), deterministic, random, logProbScratch, mask).Action;
        }

        return actions;
    }

    /// <summary>
    /// Chooses an action per row (sampled, or the mode when deterministic) and returns it with its log-probability;
    /// a discrete action is drawn among those <paramref name="mask"/> allows (all when it is empty).
    /// </summary>
    public (float Action, float LogProb) Act(
        ReadOnlySpan<float> actorOutput, bool deterministic, Random random, Span<float> logProbScratch, ReadOnlySpan<bool> mask = default)
    {
        if (ActionSpace.IsDiscrete)
        {
            Categorical.LogSoftmax(actorOutput, mask, logProbScratch);
            var index = deterministic ? Categorical.Mode(logProbScratch) : Categorical.Sample(logProbScratch, random);
            return (index, logProbScratch[index]);
        }

        Span<float> action = stackalloc float[actorOutput.Length];
        if (deterministic) actorOutput.CopyTo(action);
        else DiagonalGaussian.Sample(actorOutput, LogStd!.Value, random, action);
        return (action[0], DiagonalGaussian.LogProb(action, actorOutput, LogStd!.Value));
    }
}
