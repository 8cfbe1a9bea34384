using EnvServer.Training.Checkpoints;
using EnvServer.Training.Cli;

namespace EnvServer.Training.Tests.Cli;

public sealed class TrainPpoLstmCommandTests
{
    [Fact]
    public async Task RunAsync_AlgoPpoLstm_WritesARecurrentCheckpointWithItsCommandThatEvaluatePlays()
    {
        var root = Directory.CreateTempSubdirectory("train-lstm-");
        try
        {
            string[] args =
            [
                "--env", "sepsis", "--task", "observed_state", "--algo", "ppo-lstm", "--total-timesteps", "256", "--num-envs", "4", "--num-steps", "32",
                "--num-minibatches", "2", "--lstm-size", "16", "--time-feature", "true", "--eval-episodes", "2", "--env-option", "shaping=false",
                "--runs-dir", root.FullName, "--run-name", "lstm",
            ];

            Assert.Equal(0, await TrainCommand.RunAsync(args, TextWriter.Null, default));

            var model = Path.Combine(root.FullName, "lstm", "model.safetensors");
            var (_, metadata) = SafeTensors.Load(model);
            Assert.Equal("recurrent_actor_critic", metadata["policy"]);
            Assert.Equal("train " + string.Join(' ', args), metadata["command"]);
            Assert.Equal("16", metadata["lstm_size"]);
            var output = new StringWriter();
            Assert.Equal(0, await EvaluateCommand.RunAsync(["--checkpoint", model, "--episodes", "3", "--deterministic"], output, default));
            Assert.Contains("sepsis/observed_state: 3 episodes (deterministic)", output.ToString());
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task RunAsync_PpoLstmEnvsNotAMultipleOfMinibatches_NamesBothOptions()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => TrainCommand.RunAsync(
            ["--env", "sepsis", "--task", "observed_state", "--algo", "ppo-lstm", "--num-envs", "6", "--num-minibatches", "4"], TextWriter.Null, default));

        Assert.Contains("--num-envs 6", error.Message);
        Assert.Contains("--num-minibatches 4", error.Message);
    }
}
