using EnvServer.Training.NeuralNetworks;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Algorithms;

/// <summary>A dueling Q-network acting greedily (deterministic) or ε-greedily with <see cref="Epsilon"/>.</summary>
internal sealed class QAgent(DuelingQNetwork network, ActionSpace actionSpace) : IPolicy
{
    /// <summary>Exploration of non-deterministic evaluation: DQN's final ε. Default 0.05.</summary>
    public float Epsilon { get; set; } = 0.05f;

    public DuelingQNetwork Network { get; } = network;

    public ActionSpace ActionSpace { get; } = actionSpace;

    public float[] ChooseActions(EnvironmentVector envs, bool deterministic, Random random)
    {
        var q = Network.Forward(Matrix.FromRows(envs.Observations));
        var actions = new float[envs.Count];
        for (var i = 0; i < actions.Length; i++)
        {
            actions[i] = !deterministic && random.NextDouble() < Epsilon ? random.Next(Network.Actions) : Greedy(q.Row(i));
        }

        return actions;
    }

    /// <summary>The action of the largest Q-value, the lowest index on ties.</summary>
    public static int Greedy(ReadOnlySpan<float> qValues)
    {
        var best = 0;
        for (var a = 1; a < qValues.Length; a++)
        {
            if (qValues[a] > qValues[best]) best = a;
        }

        return best;
    }
}
