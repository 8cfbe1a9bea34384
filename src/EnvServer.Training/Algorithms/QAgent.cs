using EnvServer.Training.Rollouts;
using static TorchSharp.torch;

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
        var greedy = GreedyActions(envs.Observations);
        var actions = new float[envs.Count];
        for (var i = 0; i < actions.Length; i++)
        {
            actions[i] = !deterministic && random.NextDouble() < Epsilon ? random.Next(Network.Actions) : greedy[i];
        }

        return actions;
    }

    /// <summary>argmax_a Q(s, a) per observation, the lowest index on ties.</summary>
    public long[] GreedyActions(IReadOnlyList<float[]> observations)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var size = Network.ObservationSize;
        var batch = new float[observations.Count * size];
        for (var i = 0; i < observations.Count; i++) observations[i].CopyTo(batch, i * size);
        var device = Network.parameters().First().device;
        return Network.forward(tensor(batch, [observations.Count, size], device: device)).argmax(1).cpu().data<long>().ToArray();
    }
}
