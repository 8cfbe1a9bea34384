using System.Net;
using System.Text.Json;
using EnvServer.Api.Tests.Infrastructure;

namespace EnvServer.Api.Tests.Protocol;

/// <summary>
/// The observation envelope over both transports (spec §1.7, §9.3):
/// <c>{"observation":{...,"terminated","truncated"},"reward":float|null,"done":bool,"metadata":{...}}</c>,
/// floats written with a fraction, grader_score at the end of an episode, ignored reset keys listed.
/// </summary>
public sealed class ObservationEnvelopeTests(ConformanceServer server) : IClassFixture<ConformanceServer>
{
    private static readonly string[] FloatObservationFields = ["concentration", "dose", "target_low", "target_high"];
    private static readonly string[] FloatMetadataFields = ["cumulative_reward", "in_range_pct", "grader_score"];

    [Fact]
    public async Task WsReset_RawText_WritesWholeDoublesWithFraction()
    {
        await using var socket = await server.Host.ConnectAsync();
        await socket.SendTextAsync("""{"type":"reset","data":{"seed":1}}""");

        var text = (await socket.ReceiveTextAsync())!;

        Assert.Contains("\"reward\":0.0,", text);
        Assert.Contains("\"concentration\":0.0,", text);
        Assert.Contains("\"dose\":0.0,", text);
        Assert.Contains("\"target_low\":2.0,", text);
        Assert.Contains("\"target_high\":3.0,", text);
        Assert.Contains("\"features\":[0.0]", text);
        Assert.Contains("\"cumulative_reward\":0.0,", text);
        Assert.Contains("\"in_range_pct\":0.0,", text);
        Assert.Contains("\"measurement_age\":0,", text);
        Assert.Contains("\"step_count\":0,", text);
        Assert.Contains("\"seed\":1,", text);
    }

    [Fact]
    public async Task WsStep_WholeDose_WritesDoseRewardAndConcentrationWithFraction()
    {
        await using var socket = await server.Host.ConnectAsync();
        await socket.RequestAsync("""{"type":"reset","data":{"seed":1}}""");
        await socket.SendTextAsync("""{"type":"step","data":{"dose":1}}""");

        var text = (await socket.ReceiveTextAsync())!;

        // fixed_patient: C = 0·0.95 + 1 = 1, one below the window [2, 3]: reward −1.
        Assert.Contains("\"dose\":1.0,", text);
        Assert.Contains("\"concentration\":1.0,", text);
        Assert.Contains("\"reward\":-1.0,", text);
        Assert.Contains("\"cumulative_reward\":-1.0,", text);
        Assert.Contains("\"features\":[1.0]", text);
    }

    [Fact]
    public async Task HttpReset_RawText_WritesWholeDoublesWithFraction()
    {
        var exchange = await HttpExchange.PostAsync(server.Host.Http, "/reset", """{"seed":1}""", HttpExchange.NewSession);

        Assert.Equal(HttpStatusCode.OK, exchange.Status);
        Assert.Contains("\"reward\":0.0,", exchange.Body);
        Assert.Contains("\"target_low\":2.0,", exchange.Body);
        Assert.Contains("\"concentration\":0.0,", exchange.Body);

        var step = await HttpExchange.PostAsync(server.Host.Http, "/step", """{"action":{"dose":1}}""", exchange.SessionId);
        Assert.Equal(HttpStatusCode.OK, step.Status);
        Assert.Contains("\"reward\":-1.0,", step.Body);
        Assert.Contains("\"dose\":1.0,", step.Body);
    }

    [Fact]
    public async Task WsEpisode_FixedPatientHundredSteps_EveryReplyWellFormedAndFinalHasGraderScore()
    {
        await using var socket = await server.Host.ConnectAsync();
        WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"reset","data":{"seed":1,"task_id":"fixed_patient"}}"""));

        JsonElement last = default;
        for (var i = 1; i <= 100; i++)
        {
            last = WireAssert.ObservationFrame(await socket.RequestAsync(StepFrame(Policy(i))));
            AssertFloatsHaveFraction(last);
            var metadata = last.GetProperty("metadata");
            Assert.Equal(i, metadata.GetProperty("step_count").GetInt32());
            Assert.InRange(metadata.GetProperty("in_range_pct").GetDouble(), 0.0, 100.0);
            Assert.Equal(JsonValueKind.Number, last.GetProperty("reward").ValueKind);
            if (i < 100)
            {
                Assert.False(last.GetProperty("done").GetBoolean());
                Assert.Equal(JsonValueKind.Null, metadata.GetProperty("grader_score").ValueKind);
            }
        }

        AssertFinalObservation(last);
        var state = WireAssert.StateFrame(await socket.RequestAsync("""{"type":"state"}"""));
        AssertFinalState(state, last);
    }

    [Fact]
    public async Task HttpEpisode_FixedPatientHundredSteps_FinalHasGraderScoreAndStateKeepsIt()
    {
        var reset = await HttpExchange.PostAsync(server.Host.Http, "/reset", """{"seed":1,"task_id":"fixed_patient"}""", HttpExchange.NewSession);
        Assert.Equal(HttpStatusCode.OK, reset.Status);

        JsonElement last = default;
        for (var i = 1; i <= 100; i++)
        {
            var step = await HttpExchange.PostAsync(server.Host.Http, "/step", $$$"""{"action":{"dose":{{{Policy(i)}}}}}""", reset.SessionId);
            Assert.Equal(HttpStatusCode.OK, step.Status);
            last = step.Json;
            WireAssert.Envelope(last, "session_id");
            AssertFloatsHaveFraction(last);
        }

        AssertFinalObservation(last);
        var state = await HttpExchange.GetAsync(server.Host.Http, "/state", reset.SessionId);
        Assert.Equal(HttpStatusCode.OK, state.Status);
        AssertFinalState(state.Json, last);
    }

    [Fact]
    public async Task WsEpisode_ToxicDose_TerminatesWithGraderScore()
    {
        await using var socket = await server.Host.ConnectAsync();
        await socket.RequestAsync("""{"type":"reset","data":{"seed":2,"task_id":"pkpd_toxicity","initial_concentration":20}}""");

        var data = WireAssert.ObservationFrame(await socket.RequestAsync(StepFrame("1")));

        Assert.True(data.GetProperty("done").GetBoolean());
        Assert.True(data.GetProperty("observation").GetProperty("terminated").GetBoolean());
        Assert.False(data.GetProperty("observation").GetProperty("truncated").GetBoolean());
        Assert.True(data.GetProperty("metadata").GetProperty("toxic").GetBoolean());
        Assert.InRange(data.GetProperty("metadata").GetProperty("grader_score").GetDouble(), 0.001, 0.999);
    }

    [Fact]
    public async Task WsReset_UnknownKeys_ListedAsIgnoredResetKeysInOrder()
    {
        await using var socket = await server.Host.ConnectAsync();

        var data = WireAssert.ObservationFrame(
            await socket.RequestAsync("""{"type":"reset","data":{"task_name":"easy","seed":1,"scenario_name":"x","prompt":null}}"""),
            "ignored_reset_keys");

        Assert.Equal(["task_name", "scenario_name", "prompt"],
            data.GetProperty("metadata").GetProperty("ignored_reset_keys").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(1, data.GetProperty("metadata").GetProperty("seed").GetInt64());

        // The next step reports no ignored keys: they belong to the reset.
        WireAssert.ObservationFrame(await socket.RequestAsync(StepFrame("1")));
    }

    [Fact]
    public async Task HttpReset_UnknownKeys_ListedAsIgnoredResetKeys()
    {
        var exchange = await HttpExchange.PostAsync(server.Host.Http, "/reset", """{"seed":1,"dataset_column":[1,2]}""", HttpExchange.NewSession);

        Assert.Equal(HttpStatusCode.OK, exchange.Status);
        var data = exchange.Json;
        WireAssert.Envelope(data, "session_id", "ignored_reset_keys");
        Assert.Equal(["dataset_column"], data.GetProperty("metadata").GetProperty("ignored_reset_keys").EnumerateArray().Select(e => e.GetString()!));
    }

    [Fact]
    public async Task WsReset_OnlyKnownKeys_HasNoIgnoredResetKeys()
    {
        await using var socket = await server.Host.ConnectAsync();

        // ObservationFrame checks the exact metadata key set: ignored_reset_keys must be absent.
        WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"reset","data":{"seed":1,"episode_id":"e","task_id":"fixed_patient","max_steps":10}}"""));
    }

    [Fact]
    public async Task WsStep_TopLevelMetadata_CarriesEpisodeBookkeeping()
    {
        await using var socket = await server.Host.ConnectAsync();
        await socket.RequestAsync("""{"type":"reset","data":{"seed":12,"task_id":"variable_patient","episode_id":"meta"}}""");

        var data = WireAssert.ObservationFrame(await socket.RequestAsync(StepFrame("1")));

        var metadata = data.GetProperty("metadata");
        Assert.Equal("meta", metadata.GetProperty("episode_id").GetString());
        Assert.Equal("variable_patient", metadata.GetProperty("task_id").GetString());
        Assert.Equal(12, metadata.GetProperty("seed").GetInt64());
        Assert.Equal(data.GetProperty("reward").GetDouble(), metadata.GetProperty("cumulative_reward").GetDouble(), 12);
        Assert.False(metadata.GetProperty("toxic").GetBoolean());
        // reward, done and metadata sit beside the observation, not inside it.
        Assert.False(data.GetProperty("observation").TryGetProperty("reward", out _));
        Assert.False(data.GetProperty("observation").TryGetProperty("done", out _));
        Assert.False(data.GetProperty("observation").TryGetProperty("metadata", out _));
    }

    /// <summary>Fills the patient to the window, then holds it: dose k·C at C = 2.5 is 0.125.</summary>
    private static string Policy(int step) => step <= 2 ? "1" : step == 3 ? "0.5" : "0.125";

    private static string StepFrame(string dose) => $$$"""{"type":"step","data":{"dose":{{{dose}}}}}""";

    private static void AssertFinalObservation(JsonElement last)
    {
        Assert.True(last.GetProperty("done").GetBoolean());
        Assert.True(last.GetProperty("observation").GetProperty("truncated").GetBoolean());
        Assert.False(last.GetProperty("observation").GetProperty("terminated").GetBoolean());
        var metadata = last.GetProperty("metadata");
        Assert.Equal(100, metadata.GetProperty("step_count").GetInt32());
        var grade = metadata.GetProperty("grader_score");
        Assert.Equal(JsonValueKind.Number, grade.ValueKind);
        Assert.InRange(grade.GetDouble(), 0.001, 0.999);
        // The policy keeps the patient in the window from step 3 on: a high grade, matching in_range_pct.
        Assert.InRange(grade.GetDouble(), 0.9, 0.999);
        Assert.Equal(metadata.GetProperty("in_range_pct").GetDouble() / 100.0, grade.GetDouble(), 9);
    }

    private static void AssertFinalState(JsonElement state, JsonElement last)
    {
        WireAssert.ExactKeys(state, WireAssert.StateKeys);
        Assert.True(state.GetProperty("done").GetBoolean());
        Assert.Equal(100, state.GetProperty("step_count").GetInt32());
        Assert.Equal(last.GetProperty("metadata").GetProperty("grader_score").GetRawText(), state.GetProperty("grader_score").GetRawText());
        Assert.Equal(last.GetProperty("metadata").GetProperty("episode_id").GetString(), state.GetProperty("episode_id").GetString());
        Assert.Equal(last.GetProperty("metadata").GetProperty("cumulative_reward").GetRawText(), state.GetProperty("cumulative_reward").GetRawText());
    }

    /// <summary>Every float field is written as a float: with a fraction or an exponent, never as a bare integer.</summary>
    private static void AssertFloatsHaveFraction(JsonElement data)
    {
        var observation = data.GetProperty("observation");
        var floats = FloatObservationFields.Select(f => observation.GetProperty(f))
            .Concat(observation.GetProperty("features").EnumerateArray())
            .Append(data.GetProperty("reward"))
            .Concat(FloatMetadataFields.Select(f => data.GetProperty("metadata").GetProperty(f)))
            .Where(v => v.ValueKind == JsonValueKind.Number);
        Assert.All(floats, v => Assert.True(v.GetRawText().IndexOfAny(['.', 'e', 'E']) >= 0, $"{v.GetRawText()} is written as an integer"));
        Assert.DoesNotContain('.', data.GetProperty("metadata").GetProperty("step_count").GetRawText());
        Assert.DoesNotContain('.', observation.GetProperty("measurement_age").GetRawText());
    }
}
