using EnvServer.Api.Cli;
using EnvServer.Tests.Shared;
using EnvServer.Training.Algorithms;
using EnvServer.Training.Bandit;
using EnvServer.Training.Cli;
using EnvServer.Training.Federated;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Tests.Cli;

/// <summary>Runs alone: the evaluate tests set the process's API_KEY variable, as a user does in the shell.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ApiKeyVariableCollection
{
    public const string Name = "API_KEY variable";
}

/// <summary>The worker against a remote server started with API_KEY: every session and HTTP request carries the key.</summary>
[Collection(ApiKeyVariableCollection.Name)]
public sealed class RemoteServerApiKeyTests
{
    private static readonly Dictionary<string, object?> FixedPatient = new() { ["task_id"] = "fixed_patient" };

    [Fact]
    public async Task EvaluateCommand_KeyedServerWithApiKeySet_PlaysTheEpisodes()
    {
        await using var server = await KeyedServer.StartAsync();
        var output = new StringWriter();

        var exit = await WithApiKeyVariableAsync(KeyedServer.Key, checkpoint => EvaluateCommand.RunAsync(
            ["--checkpoint", checkpoint, "--episodes", "2", "--deterministic", "--server", server.Url.AbsoluteUri], output, CancellationToken.None));

        Assert.Equal(0, exit);
        Assert.Contains("drug-dose/fixed_patient: 2 episodes (deterministic)", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(KeyedServer.Key, output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateCommand_KeyedServerWithoutApiKey_ThrowsNamingTheVariable()
    {
        await using var server = await KeyedServer.StartAsync();

        var error = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => WithApiKeyVariableAsync(null, checkpoint => EvaluateCommand.RunAsync(
            ["--checkpoint", checkpoint, "--server", server.Url.AbsoluteUri], TextWriter.Null, CancellationToken.None)));

        Assert.Equal($"{server.Url} requires an API key: set the environment variable API_KEY to the server's key.", error.Message);
    }

    [Fact]
    public async Task EvaluateCommand_KeyedServerWithWrongApiKey_ThrowsSayingTheKeyWasRefused()
    {
        await using var server = await KeyedServer.StartAsync();

        var error = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => WithApiKeyVariableAsync("not-the-key", checkpoint => EvaluateCommand.RunAsync(
            ["--checkpoint", checkpoint, "--server", server.Url.AbsoluteUri], TextWriter.Null, CancellationToken.None)));

        Assert.Contains("refused the API key in the environment variable API_KEY", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateCommand_EmbeddedServerWithApiKeySet_SendsNoKeyAndPlays()
    {
        var exit = await WithApiKeyVariableAsync("a-key-for-some-remote-server", checkpoint => EvaluateCommand.RunAsync(
            ["--checkpoint", checkpoint, "--episodes", "1"], TextWriter.Null, CancellationToken.None));

        Assert.Equal(0, exit);
    }

    [Fact]
    public async Task PpoClientTrainer_KeyedServer_OpensItsSessionsWithTheKey()
    {
        await using var server = await KeyedServer.StartAsync();
        await using var servers = await ServerConnection.OpenAsync([server.Url.AbsoluteUri], KeyedServer.Key);
        var actionSpace = await TrainCommand.ReadActionSpaceAsync(servers, "drug-dose", CancellationToken.None);
        var trainer = new PpoClientTrainer(new PpoClientOptions { EnvironmentId = "drug-dose", ResetOptions = FixedPatient }, servers, actionSpace);

        var model = await trainer.InitializeAsync(seed: 4, CancellationToken.None);

        Assert.Equal("dose", actionSpace.Field);
        Assert.NotEmpty(model.Tensors);
    }

    [Fact]
    public async Task EnvironmentVector_KeyedServerWithoutKey_RefusesTheUpgrade()
    {
        await using var server = await KeyedServer.StartAsync();

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => EnvironmentVector.ConnectAsync([server.Url], "drug-dose", 1, FixedPatient, seed: 1));
    }

    [Fact]
    public async Task BanditOracleClient_KeyedServer_CreatesObservesAndClosesItsOracleWithTheKey()
    {
        await using var server = await KeyedServer.StartAsync();
        await using var servers = await ServerConnection.OpenAsync([server.Url.AbsoluteUri], KeyedServer.Key);
        var settings = new Dictionary<string, object> { ["seed"] = 1, ["n_rx"] = 20, ["n_combinations"] = 50, ["n_patterns"] = 2, ["mean_rx"] = 3.0 };

        await using var oracle = await BanditOracleClient.CreateAsync(servers, settings, CancellationToken.None);
        var risks = await oracle.ObserveAsync([0, 1, 2], CancellationToken.None);

        Assert.Equal(50, oracle.Dataset.NCombinations);
        Assert.Equal(3, risks.Length);
    }

    /// <summary>Runs <paramref name="run"/> with a small drug-dose checkpoint and API_KEY set to <paramref name="apiKey"/> (unset when null).</summary>
    private static async Task<int> WithApiKeyVariableAsync(string? apiKey, Func<string, Task<int>> run)
    {
        var checkpoint = Path.Combine(Path.GetTempPath(), $"agent-{Guid.NewGuid():N}.safetensors");
        var before = Environment.GetEnvironmentVariable(ServerConnection.ApiKeyVariable);
        try
        {
            var agent = new ActorCritic(1, new ActionSpace("dose", IsDiscrete: false, Size: 1), 8);
            AgentCheckpoint.Save(checkpoint, agent, new Dictionary<string, string> { ["env"] = "drug-dose", ["task"] = "fixed_patient" });
            Environment.SetEnvironmentVariable(ServerConnection.ApiKeyVariable, apiKey);
            return await run(checkpoint);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ServerConnection.ApiKeyVariable, before);
            File.Delete(checkpoint);
        }
    }
}
