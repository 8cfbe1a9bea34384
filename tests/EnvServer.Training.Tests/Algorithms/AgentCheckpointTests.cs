using EnvServer.Training.Algorithms;
using EnvServer.Training.Checkpoints;
using EnvServer.Training.NeuralNetworks;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Tests.Algorithms;

public sealed class AgentCheckpointTests
{
    [Theory]
    [InlineData(false, "actor_mean")]
    [InlineData(true, "actor")]
    public void SaveThenLoad_Agent_GivesTheSameOutputsNamesAndNormalisation(bool discrete, string actorName)
    {
        var space = new ActionSpace(discrete ? "action" : "dose", discrete, discrete ? 4 : 1);
        var agent = new ActorCritic(3, space, 16, new Random(4));
        agent.Normalizer.Update(Matrix.FromRows([1f, 2f, 3f], [3f, 0f, -1f]));
        if (agent.LogStd is { } logStd) logStd.Value[0] = -0.3f;
        var path = Path.Combine(Path.GetTempPath(), $"agent-{Guid.NewGuid():N}.safetensors");

        try
        {
            AgentCheckpoint.Save(path, agent, new Dictionary<string, string> { ["env"] = "drug-dose" });
            var (policy, metadata) = AgentCheckpoint.Load(path);
            var loaded = Assert.IsType<ActorCritic>(policy);
            var (tensors, _) = SafeTensors.Load(path);

            var observation = new[] { new[] { 0.5f, 1f, 2f } };
            Assert.Equal(agent.Actor.Forward(agent.Normalize(observation)).Data, loaded.Actor.Forward(loaded.Normalize(observation)).Data);
            Assert.Equal(agent.Critic.Forward(agent.Normalize(observation)).Data, loaded.Critic.Forward(loaded.Normalize(observation)).Data);
            Assert.Equal(agent.Normalizer.Count, loaded.Normalizer.Count);
            Assert.Equal(loaded.LogStd?.Value, agent.LogStd?.Value);
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
        var agent = new QAgent(new DuelingQNetwork(8, 8, 32).Initialize(new Random(2)), new ActionSpace("action", true, 8));
        var path = Path.Combine(Path.GetTempPath(), $"q-{Guid.NewGuid():N}.safetensors");

        try
        {
            AgentCheckpoint.Save(path, agent, new Dictionary<string, string> { ["env"] = "sepsis" });
            var (policy, metadata) = AgentCheckpoint.Load(path);
            var loaded = Assert.IsType<QAgent>(policy);
            var (tensors, _) = SafeTensors.Load(path);

            var observations = Matrix.FromRows([0f, 1f, 1f, 2f, 0f, 0f, 1f, 1f], [2f, 2f, 0f, 4f, 1f, 1f, 0f, 0f]);
            Assert.Equal(agent.Network.Forward(observations).Data, loaded.Network.Forward(observations).Data);
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
        var agent = new ActorCritic(5, ActionSpace.Masked(layout), 8, new Random(1));
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
