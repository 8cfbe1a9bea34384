using EnvServer.Api.Hosting;
using FluentValidation;
using Microsoft.Extensions.Configuration;

namespace EnvServer.Api.Tests.Hosting;

public sealed class ServerOptionsReaderTests
{
    [Fact]
    public void Read_NoSettings_GivesDocumentedDefaults()
    {
        var options = ServerOptionsReader.Read(Configuration());

        Assert.Equal("drug-dose", options.DefaultEnv);
        Assert.Equal(1024, options.MaxConcurrentEnvs);
        Assert.Equal(TimeSpan.FromMinutes(30), options.SessionIdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(20), options.WsKeepAliveInterval);
        Assert.Equal(TimeSpan.FromSeconds(20), options.WsKeepAliveTimeout);
        Assert.Equal(16 * 1024 * 1024, options.MaxMessageBytes);
        Assert.Null(options.ApiKey);
        Assert.Equal(50_000, options.MaxMessagesPerSecond);
        Assert.Equal(50_000, options.MaxRequestsPerSecondPerClient);
        Assert.Equal(10_000, options.MaxEpisodeSteps);
    }

    [Fact]
    public void Read_LimitsAndKey_AreBound()
    {
        var options = ServerOptionsReader.Read(Configuration(
            ("API_KEY", "k"), ("MAX_MESSAGES_PER_SECOND", "0"), ("MAX_REQUESTS_PER_SECOND_PER_CLIENT", "7"), ("MAX_EPISODE_STEPS", "12")));

        Assert.True(options.ApiKey!.Matches("k"));
        Assert.Equal(0, options.MaxMessagesPerSecond);
        Assert.Equal(7, options.MaxRequestsPerSecondPerClient);
        Assert.Equal(12, options.MaxEpisodeSteps);
    }

    [Fact]
    public void Read_EmptyApiKey_LeavesApiOpen()
    {
        Assert.Null(ServerOptionsReader.Read(Configuration(("API_KEY", ""))).ApiKey);
    }

    [Fact]
    public void Read_EmbeddedServerArguments_OverrideApiKeyOfEnvironment()
    {
        // The training worker's and the agent's in-process server: an API_KEY exported for a real server must not lock them out.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new KeyValuePair<string, string?>("API_KEY", "exported-key")])
            .AddCommandLine(EnvServer.Api.Cli.EmbeddedServer.Arguments)
            .Build();

        Assert.Null(ServerOptionsReader.Read(configuration).ApiKey);
    }

    [Fact]
    public void Read_ApiKeyWithSurroundingSpace_ThrowsNamingTheVariable()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ServerOptionsReader.Read(Configuration(("API_KEY", " key"))));

        Assert.Contains("API_KEY", error.Message);
        Assert.DoesNotContain("key\"", error.Message);
    }

    [Fact]
    public void Read_EnvironmentVariableNames_AreBoundWithDurationsInSeconds()
    {
        var options = ServerOptionsReader.Read(Configuration(
            ("MAX_CONCURRENT_ENVS", "64"), ("SESSION_IDLE_TIMEOUT", "2.5"), ("WS_KEEPALIVE_INTERVAL", "0"), ("MAX_MESSAGE_BYTES", "4096"),
            ("HTTP_SESSION_IDLE_TIMEOUT", "1.5"), ("MAX_SESSIONS_PER_CLIENT", "0")));

        Assert.Equal(64, options.MaxConcurrentEnvs);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.SessionIdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1.5), options.HttpSessionIdleTimeout);
        Assert.Equal(0, options.MaxSessionsPerClient);
        Assert.Equal(TimeSpan.Zero, options.WsKeepAliveInterval);
        Assert.Equal(4096, options.MaxMessageBytes);
    }

    [Theory]
    [InlineData("MAX_CONCURRENT_ENVS", "lots")]
    [InlineData("SESSION_IDLE_TIMEOUT", "soon")]
    [InlineData("MAX_MESSAGE_BYTES", "1.5")]
    public void Read_UnparsableValue_ThrowsNamingTheVariable(string key, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ServerOptionsReader.Read(Configuration((key, value))));

        Assert.Contains(key, error.Message);
        Assert.Contains(value, error.Message);
    }

    [Theory]
    [InlineData("MAX_CONCURRENT_ENVS", "0")]
    [InlineData("SESSION_IDLE_TIMEOUT", "-1")]
    [InlineData("HTTP_SESSION_IDLE_TIMEOUT", "0")]
    [InlineData("MAX_SESSIONS_PER_CLIENT", "-1")]
    [InlineData("MAX_MESSAGE_BYTES", "100")]
    [InlineData("MAX_MESSAGES_PER_SECOND", "-1")]
    [InlineData("MAX_REQUESTS_PER_SECOND_PER_CLIENT", "-5")]
    [InlineData("MAX_EPISODE_STEPS", "0")]
    public void Read_OutOfRangeValue_ThrowsNamingTheVariable(string key, string value)
    {
        var error = Assert.Throws<ValidationException>(() => ServerOptionsReader.Read(Configuration((key, value))));

        Assert.Equal(key, Assert.Single(error.Errors).PropertyName);
        Assert.Contains($"'{key}'", error.Message);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
