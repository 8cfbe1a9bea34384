using EnvServer.Agent.Core.Llm;
using EnvServer.Tools.Llm;
using static EnvServer.Agent.Tests.Infrastructure.Replies;

namespace EnvServer.Agent.Tests.Llm;

public class ChatModelTests
{
    private static readonly Turn[] Prompt = [Turn.System("You dose."), Turn.User("Concentration 1.2.")];

    [Fact]
    public async Task CompleteAsync_ServerErrorsThenAReply_RetriesAndCountsThem()
    {
        await using var server = await ScriptedChatServer.StartAsync(
            Then(new ScriptedReply.Content("{\"dose\": 1}"), new ScriptedReply.Failure(503), new ScriptedReply.Failure(500), new ScriptedReply.Failure(429)));

        var reply = await Model(server).CompleteAsync(Prompt, null);

        Assert.Equal(("{\"dose\": 1}", 3), (reply.Text, reply.Retries));
        Assert.Equal(4, server.Requests.Count);
        var request = server.Requests[0];
        Assert.Equal(("scripted-model", 0.0), (request.GetProperty("model").GetString(), request.GetProperty("temperature").GetDouble()));
        Assert.Equal(["system", "user"], request.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task CompleteAsync_RetriesRunOut_ThrowsModelUnavailableNamingTheLastFailure()
    {
        await using var server = await ScriptedChatServer.StartAsync(Always(new ScriptedReply.Failure(502)));

        var error = await Assert.ThrowsAsync<ModelUnavailableException>(() => Model(server, maxRetries: 2).CompleteAsync(Prompt, null));

        Assert.Equal("The model gave no reply after 3 attempts; the last: HTTP 502.", error.Message);
        Assert.Equal((2, 3), (error.Retries, server.Requests.Count));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    public async Task CompleteAsync_ErrorRetryingCannotFix_GivesUpAtOnce(int status)
    {
        await using var server = await ScriptedChatServer.StartAsync(Always(new ScriptedReply.Failure(status)));

        var error = await Assert.ThrowsAsync<ModelUnavailableException>(() => Model(server).CompleteAsync(Prompt, null));

        Assert.StartsWith($"The model endpoint answered HTTP {status}", error.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task CompleteAsync_NoServerListening_RetriesTheConnectionThenGivesUp()
    {
        var closed = await ScriptedChatServer.StartAsync(Always(new ScriptedReply.Content("{}")));
        var options = Options(closed.BaseUrl, maxRetries: 1);
        await closed.DisposeAsync();

        var error = await Assert.ThrowsAsync<ModelUnavailableException>(() => new ChatModel(options).CompleteAsync(Prompt, null));

        Assert.StartsWith("The model gave no reply after 2 attempts; the last: connection failed", error.Message);
    }

    [Fact]
    public void Backoff_DoublesFromTheInitialWait_HonoursRetryAfter_AndIsCapped()
    {
        var model = new ChatModel(new LlmOptions { ApiKey = "k", InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(30) });

        Assert.Equal([1, 2, 4, 8, 16, 30, 30], Enumerable.Range(0, 7).Select(a => model.Backoff(a, null).TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(7), model.Backoff(0, TimeSpan.FromSeconds(7)));
        Assert.Equal(TimeSpan.FromSeconds(30), model.Backoff(0, TimeSpan.FromSeconds(600)));
    }

    private static ChatModel Model(ScriptedChatServer server, int maxRetries = 4) => new(Options(server.BaseUrl, maxRetries));

    private static LlmOptions Options(Uri baseUrl, int maxRetries) => new()
    {
        BaseUrl = baseUrl,
        Model = "scripted-model",
        ApiKey = "test-key",
        MaxRetries = maxRetries,
        InitialBackoff = TimeSpan.FromMilliseconds(5),
    };
}
