using EnvServer.Agent.Tests.Infrastructure;
using EnvServer.Tests.Shared;
using static EnvServer.Agent.Tests.Infrastructure.Replies;

namespace EnvServer.Agent.Tests.Cli;

/// <summary>The agent against a remote server started with API_KEY: discovery over HTTP and the episodes over WebSocket carry the key.</summary>
public sealed class RemoteServerApiKeyTests
{
    [Fact]
    public async Task RunAsync_KeyedServerWithApiKeySet_DiscoversAndPlaysTheEpisode()
    {
        await using var server = await KeyedServer.StartAsync();

        var run = await AgentRun.StartWithApiKeyAsync(KeyedServer.Key, Always(Action("{\"action\":0}")),
            "--server", server.Url.AbsoluteUri, "--env", "sepsis", "--task", "full_state", "--seed", "3");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("[START] task=full_state env=sepsis model=scripted-model", run.Lines[0]);
        Assert.NotEmpty(run.StepLines);
        Assert.All(run.StepLines.Select(AgentRun.ParseStep), s => Assert.Equal("null", s.Groups["error"].Value));
        Assert.Single(run.Lines, l => l.StartsWith("[END]", StringComparison.Ordinal));
        Assert.DoesNotContain(KeyedServer.Key, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_KeyedServerWithoutApiKey_ThrowsNamingTheVariable()
    {
        await using var server = await KeyedServer.StartAsync();

        var error = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => AgentRun.StartWithApiKeyAsync(null, null, "--server", server.Url.AbsoluteUri));

        Assert.Equal($"{server.Url} requires an API key: set the environment variable API_KEY to the server's key.", error.Message);
    }
}
