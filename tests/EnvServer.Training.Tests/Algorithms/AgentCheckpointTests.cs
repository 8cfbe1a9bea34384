using EnvServer.Training.Algorithms;
using EnvServer.Training.Checkpoints;
using EnvServer.Training.NeuralNetworks;
using EnvServer.Training.Rollouts;
using TorchSharp;
using static TorchSharp.torch;

namespace EnvServer.Training.Tests.Algorithms;

public sealed class AgentCheckpointTests
{
    [Theory]
    [InlineData(false, "actor_mean")]
    [InlineData(true, "actor")]
    public void SaveThenLoad_Agent_GivesTheSameOutputsNamesAndNormalisation(bool discrete, string actorName)
    {
        var space = new ActionSpace(discrete ? "action" : "dose", discrete, discrete ? 4 : 1);
        torch.manual_seed(4);
        var agent = new ActorCritic(3, space, 16);
        agent.Normalizer.Update(Matrix.FromRows([1f, 2f, 3f], [3f, 0f, -1f]));
        if (!discrete)
        {
            using var noGrad = no_grad();
            agent.get_parameter("actor_logstd")!.fill_(-0.3f);
        }
        var path = Path.Combine(Path.GetTempPath(), $"agent-{Guid.NewGuid():N}.safetensors");

        try
        {
            AgentCheckpoint.Save(path, agent, new Dictionary<string, string> { ["env"] = "drug-dose" });
            var (policy, metadata) = AgentCheckpoint.Load(path);
            var loaded = Assert.IsType<ActorCritic>(policy);
            var (tensors, _) = SafeTensors.Load(path);

            // Same actions: the mode, and samples drawn with the same generator seed, with the same log-probabilities and values.
            float[][] observations = [[0.5f, 1f, 2f], [-1f, 4f, 0f], [3f, 3f, 3f]];
            var x = agent.Observe(observations);
            var y = loaded.Observe(observations);
            Assert.True(x.allclose(y, rtol: 0, atol: 0));
            Assert.Equal(ActorCritic.ToFloats(agent.Mode(x)), ActorCritic.ToFloats(loaded.Mode(y)));
            using var generator = new Generator(11);
            using var loadedGenerator = new Generator(11);
            var (action, logProb, entropy, value) = agent.GetActionAndValue(x, generator: generator);
            var (loadedAction, loadedLogProb, loadedEntropy, loadedValue) = loaded.GetActionAndValue(y, generator: loadedGenerator);
            Assert.Equal(ActorCritic.ToFloats(action), ActorCritic.ToFloats(loadedAction));
            Assert.True(logProb.allclose(loadedLogProb, rtol: 0, atol: 0) && entropy.allclose(loadedEntropy, rtol: 0, atol: 0) && value.allclose(loadedValue, rtol: 0, atol: 0));
            Assert.Equal(agent.Normalizer.Count, loaded.Normalizer.Count);
            Assert.Contains(tensors, t => t.Name == $"{actorName}.4.weight" && t.Shape.SequenceEqual([space.Size, 16]));
            Assert.Contains(tensors, t => t.Name == "critic.0.weight" && t.Shape.SequenceEqual([16, 3]));
            Assert.Equal("drug-dose", metadata["env"]);
            Assert.Equal("16", metadata["hidden_size"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void SaveThenLoad_DuelingQAgent_GivesTheSameQValuesAndPyTorchNames()
    {
        torch.manual_seed(2);
        var agent = new QAgent(new DuelingQNetwork(8, 8, 32), new ActionSpace("action", true, 8));
        var path = Path.Combine(Path.GetTempPath(), $"q-{Guid.NewGuid():N}.safetensors");

        try
        {
            AgentCheckpoint.Save(path, agent, new Dictionary<string, string> { ["env"] = "sepsis" });
            var (policy, metadata) = AgentCheckpoint.Load(path);
            var loaded = Assert.IsType<QAgent>(policy);
            var (tensors, _) = SafeTensors.Load(path);

            float[][] observations = [[0f, 1f, 1f, 2f, 0f, 0f, 1f, 1f], [2f, 2f, 0f, 4f, 1f, 1f, 0f, 0f]];
            var batch = tensor(observations.SelectMany(o => o).ToArray(), [2, 8]);
            Assert.True(agent.Network.forward(batch).allclose(loaded.Network.forward(batch), rtol: 0, atol: 0));
            Assert.Equal(agent.GreedyActions(observations), loaded.GreedyActions(observations));
            string[] expected =
            [
                "q_network.feature.0.weight", "q_network.feature.0.bias", "q_network.feature.2.weight", "q_network.feature.2.bias",
                "q_network.value.weight", "q_network.value.bias", "q_network.advantage.weight", "q_network.advantage.bias",
            ];
            Assert.Equal(expected.Order(StringComparer.Ordinal), tensors.Select(t => t.Name).Order(StringComparer.Ordinal));
            Assert.Equal("dueling_q", metadata["policy"]);
            Assert.Equal("32", metadata["hidden_size"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void SaveThenLoad_MaskedAgent_KeepsTheMaskLayout()
    {
        var layout = new MaskedActionLayout(4, ["stop", "dose_reduce", "substitute", "add_monitoring"]);
        var agent = new ActorCritic(5, ActionSpace.Masked(layout), 8);
        var path = Path.Combine(Path.GetTempPath(), $"agent-{Guid.NewGuid():N}.safetensors");

        try
        {
            AgentCheckpoint.Save(path, agent, new Dictionary<string, string> { ["algo"] = "reinforce" });
            var (loaded, metadata) = AgentCheckpoint.Load(path);

            Assert.Equal(layout.Slots, loaded.ActionSpace.Layout!.Slots);
            Assert.Equal(layout.InterventionTypes, loaded.ActionSpace.Layout.InterventionTypes);
            Assert.Equal(1 + 6 + 16, loaded.ActionSpace.Size);
            Assert.Equal("action_mask", metadata["action_field"]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
