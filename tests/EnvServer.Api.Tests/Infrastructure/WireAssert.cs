using System.Net;
using System.Text.Json;

namespace EnvServer.Api.Tests.Infrastructure;

/// <summary>
/// Assertions on the exact JSON shapes of the OpenEnv protocol (docs: /work/shared/spec/openenv-protocol.md):
/// key sets, JSON kinds and codes, for drug-dose, the environment the server serves by default.
/// </summary>
public static class WireAssert
{
    /// <summary>drug-dose's observation fields plus terminated/truncated, in wire order.</summary>
    public static readonly string[] ObservationKeys =
        ["concentration", "dose", "in_window", "measurement_age", "target_low", "target_high", "features", "terminated", "truncated"];

    /// <summary>The metadata of every reset/step reply (HTTP adds session_id, an unknown reset key adds ignored_reset_keys).</summary>
    public static readonly string[] MetadataKeys =
        ["episode_id", "step_count", "task_id", "seed", "done", "cumulative_reward", "cumulative_cost", "grader_score", "cost", "cost_components", "in_range_pct", "toxic"];

    /// <summary>State before the first reset: the episode bookkeeping only.</summary>
    public static readonly string[] BookkeepingStateKeys =
        ["episode_id", "step_count", "task_id", "seed", "done", "cumulative_reward", "cumulative_cost", "grader_score"];

    /// <summary>State during an episode: bookkeeping plus drug-dose's hidden truth.</summary>
    public static readonly string[] StateKeys =
    [
        .. BookkeepingStateKeys,
        "concentration", "peripheral", "effect_site", "elimination_rate", "k12", "k21", "ke0", "noise_std",
        "max_dose", "max_steps", "steps_in_window", "toxic",
    ];

    private static readonly string[] IssueKeys = ["type", "loc", "msg", "input"];
    private static readonly string[] OptionalIssueKeys = ["ctx", "url"];

    public static JsonElement Parse(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public static string[] KeysOf(JsonElement value)
    {
        Assert.Equal(JsonValueKind.Object, value.ValueKind);
        return value.EnumerateObject().Select(p => p.Name).ToArray();
    }

    /// <summary>The object has exactly these keys (any order, no duplicates).</summary>
    public static void ExactKeys(JsonElement value, params string[] expected)
    {
        var actual = KeysOf(value);
        Assert.Equal(actual.Length, actual.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
    }

    /// <summary>An observation reply's data: <c>{"observation":{...},"reward":num|null,"done":bool,"metadata":{...}}</c>.</summary>
    public static void Envelope(JsonElement data, params string[] extraMetadataKeys)
    {
        ExactKeys(data, "observation", "reward", "done", "metadata");
        Assert.Contains(data.GetProperty("reward").ValueKind, new[] { JsonValueKind.Number, JsonValueKind.Null });
        var done = Bool(data.GetProperty("done"));

        var observation = data.GetProperty("observation");
        ExactKeys(observation, ObservationKeys);
        var terminated = Bool(observation.GetProperty("terminated"));
        var truncated = Bool(observation.GetProperty("truncated"));
        Assert.Equal(terminated || truncated, done);
        Assert.Equal(JsonValueKind.Number, observation.GetProperty("concentration").ValueKind);
        Assert.Equal(JsonValueKind.Number, observation.GetProperty("dose").ValueKind);
        Bool(observation.GetProperty("in_window"));
        Assert.Equal(JsonValueKind.Number, observation.GetProperty("measurement_age").ValueKind);
        Assert.Equal(JsonValueKind.Array, observation.GetProperty("features").ValueKind);

        var metadata = data.GetProperty("metadata");
        ExactKeys(metadata, [.. MetadataKeys, .. extraMetadataKeys]);
        Assert.Equal(done, Bool(metadata.GetProperty("done")));
        Assert.Equal(JsonValueKind.String, metadata.GetProperty("episode_id").ValueKind);
        Assert.Equal(JsonValueKind.Number, metadata.GetProperty("step_count").ValueKind);
        Assert.Equal(JsonValueKind.Number, metadata.GetProperty("in_range_pct").ValueKind);
    }

    /// <summary>A /ws observation frame; returns its data.</summary>
    public static JsonElement ObservationFrame(JsonElement frame, params string[] extraMetadataKeys)
    {
        ExactKeys(frame, "type", "data");
        Assert.Equal("observation", frame.GetProperty("type").GetString());
        var data = frame.GetProperty("data");
        Envelope(data, extraMetadataKeys);
        return data;
    }

    /// <summary>A /ws state frame; returns its data.</summary>
    public static JsonElement StateFrame(JsonElement frame)
    {
        ExactKeys(frame, "type", "data");
        Assert.Equal("state", frame.GetProperty("type").GetString());
        return frame.GetProperty("data");
    }

    /// <summary>
    /// A /ws error frame <c>{"type":"error","data":{"message":str,"code":code,...}}</c> with exactly the
    /// keys of its code (VALIDATION_ERROR adds errors); returns its data.
    /// </summary>
    public static JsonElement ErrorFrame(JsonElement frame, string code)
    {
        ExactKeys(frame, "type", "data");
        Assert.Equal("error", frame.GetProperty("type").GetString());
        var data = frame.GetProperty("data");
        Assert.Equal(code, data.GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.String, data.GetProperty("message").ValueKind);
        Assert.NotEmpty(data.GetProperty("message").GetString()!);
        if (code == "VALIDATION_ERROR")
        {
            ExactKeys(data, "message", "code", "errors");
            Assert.Equal("Invalid message", data.GetProperty("message").GetString());
            Assert.Equal(JsonValueKind.Array, data.GetProperty("errors").ValueKind);
            Assert.NotEqual(0, data.GetProperty("errors").GetArrayLength());
        }
        else
        {
            ExactKeys(data, "message", "code");
        }

        return data;
    }

    /// <summary>The single pydantic error of a VALIDATION_ERROR frame, checked against <paramref name="type"/> and <paramref name="loc"/>.</summary>
    public static JsonElement SingleIssue(JsonElement errors, string type, params object[] loc)
    {
        Assert.Equal(1, errors.GetArrayLength());
        return Issue(errors[0], type, loc);
    }

    /// <summary>
    /// One error in pydantic's shape: type, loc, msg and input always, ctx and url optionally; nothing else.
    /// <paramref name="loc"/> items are strings or ints, as pydantic's.
    /// </summary>
    public static JsonElement Issue(JsonElement issue, string type, params object[] loc)
    {
        var keys = KeysOf(issue);
        Assert.All(IssueKeys, k => Assert.Contains(k, keys));
        Assert.All(keys, k => Assert.Contains(k, IssueKeys.Concat(OptionalIssueKeys)));
        Assert.Equal(type, issue.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.String, issue.GetProperty("msg").ValueKind);
        Assert.NotEmpty(issue.GetProperty("msg").GetString()!);
        Assert.Equal(loc.Select(Render), issue.GetProperty("loc").EnumerateArray().Select(e => e.GetRawText()));
        if (issue.TryGetProperty("ctx", out var ctx)) Assert.Equal(JsonValueKind.Object, ctx.ValueKind);
        return issue;
    }

    /// <summary>A FastAPI 422: <c>{"detail":[pydantic errors]}</c>; returns the list.</summary>
    public static JsonElement Unprocessable(HttpExchange exchange)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, exchange.Status);
        Assert.Equal("application/json", exchange.ContentType);
        var json = exchange.Json;
        ExactKeys(json, "detail");
        var detail = json.GetProperty("detail");
        Assert.Equal(JsonValueKind.Array, detail.ValueKind);
        Assert.NotEqual(0, detail.GetArrayLength());
        return detail;
    }

    /// <summary>A FastAPI HTTPException: <c>{"detail":"text"}</c> with the status; returns the text.</summary>
    public static string Detail(HttpExchange exchange, HttpStatusCode status)
    {
        Assert.Equal(status, exchange.Status);
        Assert.Equal("application/json", exchange.ContentType);
        var json = exchange.Json;
        ExactKeys(json, "detail");
        Assert.Equal(JsonValueKind.String, json.GetProperty("detail").ValueKind);
        return json.GetProperty("detail").GetString()!;
    }

    /// <summary>A JSON-RPC 2.0 success: exactly jsonrpc, id, result; returns the result.</summary>
    public static JsonElement RpcResult(JsonElement response, object? id)
    {
        ExactKeys(response, "jsonrpc", "id", "result");
        Assert.Equal("2.0", response.GetProperty("jsonrpc").GetString());
        Assert.Equal(Render(id), response.GetProperty("id").GetRawText());
        return response.GetProperty("result");
    }

    /// <summary>A JSON-RPC 2.0 error: exactly jsonrpc, id, error{code,message,data}; returns the error.</summary>
    public static JsonElement RpcError(JsonElement response, int code, object? id)
    {
        ExactKeys(response, "jsonrpc", "id", "error");
        Assert.Equal("2.0", response.GetProperty("jsonrpc").GetString());
        Assert.Equal(Render(id), response.GetProperty("id").GetRawText());
        var error = response.GetProperty("error");
        ExactKeys(error, "code", "message", "data");
        Assert.Equal(JsonValueKind.Number, error.GetProperty("code").ValueKind);
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        Assert.Equal(JsonValueKind.String, error.GetProperty("message").ValueKind);
        return error;
    }

    public static bool Bool(JsonElement value)
    {
        Assert.Contains(value.ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
        return value.GetBoolean();
    }

    /// <summary>
    /// What must be identical between two runs of the same seed and actions: the observation and
    /// reward as sent, and the metadata without the ids that name the run (episode_id, session_id).
    /// </summary>
    public static string Replayable(JsonElement data)
    {
        var metadata = string.Join(",", data.GetProperty("metadata").EnumerateObject()
            .Where(p => p.Name is not ("episode_id" or "session_id"))
            .Select(p => $"\"{p.Name}\":{p.Value.GetRawText()}"));
        return $"{data.GetProperty("observation").GetRawText()}|{data.GetProperty("reward").GetRawText()}|{data.GetProperty("done").GetRawText()}|{{{metadata}}}";
    }

    private static string Render(object? value) => value switch
    {
        null => "null",
        string s => JsonSerializer.Serialize(s),
        int i => i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"Unsupported JSON value {value}"),
    };
}
