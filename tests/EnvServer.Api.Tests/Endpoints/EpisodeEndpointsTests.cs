using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using EnvServer.Api.Tests.Infrastructure;

namespace EnvServer.Api.Tests.Endpoints;

/// <summary>
/// POST /reset, POST /step, GET /state (spec §1.1–1.3) plus this server's HTTP sessions: /reset
/// returns X-Session-Id, and /step and /state with that header continue the episode.
/// </summary>
public sealed class EpisodeEndpointsTests(ConformanceServer server) : IClassFixture<ConformanceServer>
{
    private HttpClient Http => server.Host.Http;

    [Theory]
    [InlineData(null)]
    [InlineData("{}")]
    [InlineData("null")]
    public async Task Reset_EmptyOrAbsentBodyWithNewSession_ReturnsObservationWithSessionHeader(string? body)
    {
        var exchange = await HttpExchange.PostAsync(Http, "/reset", body, HttpExchange.NewSession);

        Assert.Equal(HttpStatusCode.OK, exchange.Status);
        Assert.Equal("application/json", exchange.ContentType);
        var data = exchange.Json;
        WireAssert.Envelope(data, "session_id");
        Assert.NotNull(exchange.SessionId);
        Assert.Equal(exchange.SessionId, data.GetProperty("metadata").GetProperty("session_id").GetString());
        Assert.Equal(0.0, data.GetProperty("reward").GetDouble());
        Assert.False(data.GetProperty("done").GetBoolean());
        Assert.Equal("fixed_patient", data.GetProperty("metadata").GetProperty("task_id").GetString());
    }

    [Fact]
    public async Task Reset_ZeroLengthJsonBody_IsTreatedAsNoBody()
    {
        using var content = new ByteArrayContent([]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/reset") { Content = content };
        request.Headers.Add(HttpExchange.SessionHeader, HttpExchange.NewSession);
        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains(HttpExchange.SessionHeader));
    }

    [Fact]
    public async Task Reset_WithKwargs_HonoursSeedTaskEpisodeIdAndOptions()
    {
        var exchange = await HttpExchange.PostAsync(Http, "/reset",
            """{"seed":21,"task_id":"variable_patient","episode_id":"http-ep","initial_concentration":2.25}""", HttpExchange.NewSession);

        Assert.Equal(HttpStatusCode.OK, exchange.Status);
        var data = exchange.Json;
        WireAssert.Envelope(data, "session_id");
        var metadata = data.GetProperty("metadata");
        Assert.Equal(21, metadata.GetProperty("seed").GetInt64());
        Assert.Equal("variable_patient", metadata.GetProperty("task_id").GetString());
        Assert.Equal("http-ep", metadata.GetProperty("episode_id").GetString());
        Assert.Equal(2.25, data.GetProperty("observation").GetProperty("concentration").GetDouble());
    }

    [Fact]
    public async Task Step_WrappedActionWithSessionHeader_ContinuesEpisode()
    {
        var reset = await ResetAsync();

        var first = await HttpExchange.PostAsync(Http, "/step", """{"action":{"dose":1}}""", reset.SessionId);
        var second = await HttpExchange.PostAsync(Http, "/step", """{"action":{"dose":1}}""", reset.SessionId);

        AssertStep(first, reset, expectedStepCount: 1);
        AssertStep(second, reset, expectedStepCount: 2);
        // fixed_patient: C goes 1.0 then 1.95.
        Assert.Equal(1.95, second.Json.GetProperty("observation").GetProperty("concentration").GetDouble(), 12);
    }

    [Fact]
    public async Task Step_BareActionWithSessionHeader_ContinuesEpisode()
    {
        var reset = await ResetAsync();

        var first = await HttpExchange.PostAsync(Http, "/step", """{"dose":0.5}""", reset.SessionId);
        var second = await HttpExchange.PostAsync(Http, "/step", """{"dose":0.5,"metadata":{}}""", reset.SessionId);

        AssertStep(first, reset, expectedStepCount: 1);
        AssertStep(second, reset, expectedStepCount: 2);
        Assert.Equal(0.5, second.Json.GetProperty("observation").GetProperty("dose").GetDouble());
    }

    [Fact]
    public async Task Step_WrappedWithOptionalAndExtraKeys_IsAccepted()
    {
        var reset = await ResetAsync();

        var step = await HttpExchange.PostAsync(Http, "/step",
            """{"action":{"dose":1},"timeout_s":30,"request_id":"req-1","render":true}""", reset.SessionId);

        AssertStep(step, reset, expectedStepCount: 1);
    }

    [Fact]
    public async Task State_WithSessionHeader_ReturnsFullStateOfThatEpisode()
    {
        var reset = await ResetAsync("""{"seed":5,"task_id":"pkpd_toxicity"}""");
        await HttpExchange.PostAsync(Http, "/step", """{"action":{"dose":0.5}}""", reset.SessionId);

        var state = await HttpExchange.GetAsync(Http, "/state", reset.SessionId);

        Assert.Equal(HttpStatusCode.OK, state.Status);
        Assert.Equal(reset.SessionId, state.SessionId);
        var json = state.Json;
        WireAssert.ExactKeys(json, WireAssert.StateKeys);
        Assert.Equal(1, json.GetProperty("step_count").GetInt32());
        Assert.Equal(reset.Json.GetProperty("metadata").GetProperty("episode_id").GetString(), json.GetProperty("episode_id").GetString());
        Assert.Equal("pkpd_toxicity", json.GetProperty("task_id").GetString());
        // The two-compartment model's hidden truth is all numbers.
        Assert.Equal(JsonValueKind.Number, json.GetProperty("effect_site").ValueKind);
        Assert.Equal(JsonValueKind.Number, json.GetProperty("k12").ValueKind);
    }

    [Fact]
    public async Task State_WithoutSessionHeader_ReturnsFreshState()
    {
        var state = await HttpExchange.GetAsync(Http, "/state");

        Assert.Equal(HttpStatusCode.OK, state.Status);
        Assert.Null(state.SessionId);
        var json = state.Json;
        WireAssert.ExactKeys(json, WireAssert.BookkeepingStateKeys);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("episode_id").ValueKind);
        Assert.Equal(0, json.GetProperty("step_count").GetInt32());
    }

    [Fact]
    public async Task Reset_WithSessionHeader_RestartsThatSession()
    {
        var reset = await ResetAsync();
        await HttpExchange.PostAsync(Http, "/step", """{"action":{"dose":1}}""", reset.SessionId);

        var again = await HttpExchange.PostAsync(Http, "/reset", """{"seed":2,"episode_id":"second"}""", reset.SessionId);

        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(reset.SessionId, again.SessionId);
        Assert.Equal(reset.SessionId, again.Json.GetProperty("metadata").GetProperty("session_id").GetString());
        var state = await HttpExchange.GetAsync(Http, "/state", reset.SessionId);
        Assert.Equal("second", state.Json.GetProperty("episode_id").GetString());
        Assert.Equal(0, state.Json.GetProperty("step_count").GetInt32());
    }

    [Fact]
    public async Task Step_AfterEpisodeEnded_Returns409WithDetail()
    {
        var reset = await ResetAsync("""{"seed":1,"max_steps":1}""");
        var last = await HttpExchange.PostAsync(Http, "/step", """{"action":{"dose":1}}""", reset.SessionId);
        Assert.True(last.Json.GetProperty("done").GetBoolean());

        var step = await HttpExchange.PostAsync(Http, "/step", """{"action":{"dose":1}}""", reset.SessionId);

        WireAssert.Detail(step, HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("POST", "/step")]
    [InlineData("GET", "/state")]
    [InlineData("POST", "/reset")]
    public async Task Request_UnknownSessionId_Returns404WithDetail(string method, string path)
    {
        var unknown = Guid.NewGuid().ToString();

        var exchange = method == "GET"
            ? await HttpExchange.GetAsync(Http, path, unknown)
            : await HttpExchange.PostAsync(Http, path, path == "/reset" ? "{}" : """{"action":{"dose":1}}""", unknown);

        var detail = WireAssert.Detail(exchange, HttpStatusCode.NotFound);
        Assert.Contains(unknown, detail);
    }

    [Theory]
    [InlineData("""{"action":{"dose":[1]}}""")]
    [InlineData("""{"dose":[1]}""")]
    [InlineData("""{"action":{"dose":null}}""")]
    public async Task Step_ActionFieldOfWrongType_Returns422LocatedInAction(string body)
    {
        var reset = await ResetAsync();

        var step = await HttpExchange.PostAsync(Http, "/step", body, reset.SessionId);

        var detail = WireAssert.Unprocessable(step);
        WireAssert.SingleIssue(detail, "float_type", "dose");

        // The failed step did not count: the next one is the first.
        var next = await HttpExchange.PostAsync(Http, "/step", """{"action":{"dose":1}}""", reset.SessionId);
        AssertStep(next, reset, expectedStepCount: 1);
    }

    [Fact]
    public async Task Step_BadActionWithoutSession_Returns422NotConflict()
    {
        // Validation comes before the environment: a throwaway env would refuse the step with 409.
        var step = await HttpExchange.PostAsync(Http, "/step", """{"action":{"dose":{"mg":5}}}""");

        WireAssert.SingleIssue(WireAssert.Unprocessable(step), "float_type", "dose");
    }

    [Fact]
    public async Task Step_UnknownActionField_Returns422ExtraForbidden()
    {
        var reset = await ResetAsync();

        var step = await HttpExchange.PostAsync(Http, "/step", """{"action":{"dose":1,"route":"iv"}}""", reset.SessionId);

        var issue = WireAssert.SingleIssue(WireAssert.Unprocessable(step), "extra_forbidden", "route");
        Assert.Equal("iv", issue.GetProperty("input").GetString());
        Assert.Equal("Extra inputs are not permitted", issue.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task Step_ActionMissingDose_Returns422Missing()
    {
        var reset = await ResetAsync();

        var step = await HttpExchange.PostAsync(Http, "/step", """{"action":{}}""", reset.SessionId);

        var issue = WireAssert.SingleIssue(WireAssert.Unprocessable(step), "missing", "dose");
        Assert.Equal("Field required", issue.GetProperty("msg").GetString());
        Assert.Equal("{}", issue.GetProperty("input").GetRawText());
    }

    [Theory]
    [InlineData("""{"action":5}""", "5")]
    [InlineData("""{"action":[{"dose":1}]}""", "[{\"dose\":1}]")]
    [InlineData("""{"action":null}""", "null")]
    public async Task Step_ActionNotAnObject_Returns422DictTypeAtBodyAction(string body, string input)
    {
        var step = await HttpExchange.PostAsync(Http, "/step", body);

        var issue = WireAssert.SingleIssue(WireAssert.Unprocessable(step), "dict_type", "body", "action");
        Assert.Equal(input, issue.GetProperty("input").GetRawText());
    }

    [Fact]
    public async Task Step_NoBody_Returns422MissingBody()
    {
        var step = await HttpExchange.PostAsync(Http, "/step", null);

        WireAssert.SingleIssue(WireAssert.Unprocessable(step), "missing", "body");
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("\"dose\"")]
    public async Task Step_BodyNotAnObject_Returns422AtBody(string body)
    {
        var step = await HttpExchange.PostAsync(Http, "/step", body);

        WireAssert.SingleIssue(WireAssert.Unprocessable(step), "model_attributes_type", "body");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1.5")]
    public async Task Step_TimeoutNotPositive_Returns422AtBodyTimeout(string timeout)
    {
        var reset = await ResetAsync();

        var step = await HttpExchange.PostAsync(Http, "/step", $$"""{"action":{"dose":1},"timeout_s":{{timeout}}}""", reset.SessionId);

        var issue = WireAssert.SingleIssue(WireAssert.Unprocessable(step), "greater_than", "body", "timeout_s");
        Assert.Equal(timeout, issue.GetProperty("input").GetRawText());
        // pydantic echoes the bound as declared (gt=0): {"gt": 0}.
        Assert.Equal("0", issue.GetProperty("ctx").GetProperty("gt").GetRawText());
    }

    [Fact]
    public async Task Step_TimeoutNull_IsAccepted()
    {
        var reset = await ResetAsync();

        var step = await HttpExchange.PostAsync(Http, "/step", """{"action":{"dose":1},"timeout_s":null,"request_id":null}""", reset.SessionId);

        AssertStep(step, reset, expectedStepCount: 1);
    }

    [Fact]
    public async Task Step_RequestIdTooLong_Returns422AtBodyRequestId()
    {
        var step = await HttpExchange.PostAsync(Http, "/step", $$"""{"action":{"dose":1},"request_id":"{{new string('r', 256)}}"}""");

        WireAssert.SingleIssue(WireAssert.Unprocessable(step), "string_too_long", "body", "request_id");
    }

    [Fact]
    public async Task Reset_NegativeSeed_Returns422AtBodySeed()
    {
        var reset = await HttpExchange.PostAsync(Http, "/reset", """{"seed":-1}""", HttpExchange.NewSession);

        var issue = WireAssert.SingleIssue(WireAssert.Unprocessable(reset), "greater_than_equal", "body", "seed");
        Assert.Equal("-1", issue.GetProperty("input").GetRawText());
        Assert.Equal("Input should be greater than or equal to 0", issue.GetProperty("msg").GetString());
        Assert.Equal("""{"ge":0}""", issue.GetProperty("ctx").GetRawText());
        Assert.Null(reset.SessionId);
    }

    [Theory]
    [InlineData("""{"seed":[1]}""", "int_type", "seed")]
    [InlineData("""{"episode_id":5}""", "string_type", "episode_id")]
    [InlineData("""{"task_id":"impossible_patient"}""", "literal_error", "task_id")]
    [InlineData("""{"max_steps":100000}""", "less_than_equal", "max_steps")]
    [InlineData("""{"elimination_rate":0}""", "greater_than", "elimination_rate")]
    public async Task Reset_InvalidKwarg_Returns422AtBodyField(string body, string type, string field)
    {
        var reset = await HttpExchange.PostAsync(Http, "/reset", body, HttpExchange.NewSession);

        WireAssert.SingleIssue(WireAssert.Unprocessable(reset), type, "body", field);
        Assert.Null(reset.SessionId);
    }

    [Fact]
    public async Task Reset_EpisodeIdTooLong_Returns422StringTooLong()
    {
        var reset = await HttpExchange.PostAsync(Http, "/reset", $$"""{"episode_id":"{{new string('e', 256)}}"}""", HttpExchange.NewSession);

        var issue = WireAssert.SingleIssue(WireAssert.Unprocessable(reset), "string_too_long", "body", "episode_id");
        Assert.Equal(255, issue.GetProperty("ctx").GetProperty("max_length").GetInt32());
    }

    [Fact]
    public async Task Reset_BodyNotAnObject_Returns422AtBody()
    {
        var reset = await HttpExchange.PostAsync(Http, "/reset", "[1,2]", HttpExchange.NewSession);

        WireAssert.SingleIssue(WireAssert.Unprocessable(reset), "model_attributes_type", "body");
    }

    [Theory]
    [InlineData("/reset", """{"seed":""")]
    [InlineData("/reset", "seed=1")]
    [InlineData("/step", """{"action":{"dose":1}""")]
    [InlineData("/step", """{"action":{'dose':1}}""")]
    public async Task Request_BrokenJsonBody_Returns422JsonInvalid(string path, string body)
    {
        var exchange = await HttpExchange.PostAsync(Http, path, body);

        var detail = WireAssert.Unprocessable(exchange);
        Assert.Equal(1, detail.GetArrayLength());
        var issue = detail[0];
        Assert.Equal("json_invalid", issue.GetProperty("type").GetString());
        // FastAPI's loc is ["body", <position>]: the first part is always "body".
        Assert.Equal("body", issue.GetProperty("loc")[0].GetString());
        Assert.StartsWith("JSON decode error", issue.GetProperty("msg").GetString());
        Assert.True(issue.TryGetProperty("input", out _));
    }

    [Fact]
    public async Task Step_ValidationErrorWithSession_KeepsSessionHeader()
    {
        var reset = await ResetAsync();

        var step = await HttpExchange.PostAsync(Http, "/step", """{"action":{"dose":1,"x":1}}""", reset.SessionId);

        WireAssert.Unprocessable(step);
        var next = await HttpExchange.PostAsync(Http, "/step", """{"action":{"dose":1}}""", reset.SessionId);
        AssertStep(next, reset, expectedStepCount: 1);
    }

    private async Task<HttpExchange> ResetAsync(string body = """{"seed":1}""")
    {
        var reset = await HttpExchange.PostAsync(Http, "/reset", body, HttpExchange.NewSession);
        Assert.Equal(HttpStatusCode.OK, reset.Status);
        Assert.NotNull(reset.SessionId);
        return reset;
    }

    private static void AssertStep(HttpExchange step, HttpExchange reset, int expectedStepCount)
    {
        Assert.Equal(HttpStatusCode.OK, step.Status);
        Assert.Equal(reset.SessionId, step.SessionId);
        var data = step.Json;
        WireAssert.Envelope(data, "session_id");
        var metadata = data.GetProperty("metadata");
        Assert.Equal(expectedStepCount, metadata.GetProperty("step_count").GetInt32());
        Assert.Equal(reset.SessionId, metadata.GetProperty("session_id").GetString());
        Assert.Equal(reset.Json.GetProperty("metadata").GetProperty("episode_id").GetString(), metadata.GetProperty("episode_id").GetString());
    }
}
