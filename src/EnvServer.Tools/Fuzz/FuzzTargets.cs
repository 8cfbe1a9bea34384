using System.Text.Json;

namespace EnvServer.Tools.Fuzz;

/// <summary>Where inputs go: an HTTP POST path or a WebSocket path, with the valid documents they are mutated from.</summary>
internal sealed record FuzzTarget(string Path, bool WebSocket, IReadOnlyList<string> Seeds);

/// <summary>
/// Reset, step, MCP (HTTP and WS) and /ws of the root (default environment) and of every /envs/{id}, the agent and
/// bandit endpoints: 30 distinct endpoints, the agent endpoints seeded with every environment's observation.
/// </summary>
internal static class FuzzTargets
{
    public static readonly string[] Environments = ["drug-dose", "hiv", "sepsis", "polypharmacy"];

    private const string McpCall = """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"take_action","arguments":ACTION}}""";

    public static async Task<IReadOnlyList<FuzzTarget>> DiscoverAsync(HttpClient http)
    {
        var targets = new List<FuzzTarget>();
        foreach (var prefix in Environments.Select(env => $"/envs/{env}").Prepend(""))
        {
            var action = await DefaultActionAsync(http, prefix);
            var reset = """{"seed":3}""";
            var step = $$"""{"action":{{action}}}""";
            string[] mcp = ["""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", McpCall.Replace("ACTION", action), """{"jsonrpc":"2.0","id":"a","method":"openenv/session/create"}"""];
            targets.Add(new($"{prefix}/reset", false, [reset, """{"seed":1,"task_id":"easy"}"""]));
            targets.Add(new($"{prefix}/step", false, [step]));
            targets.Add(new($"{prefix}/mcp", false, mcp));
            targets.Add(new($"{prefix}/ws", true, ["""{"type":"reset","data":{"seed":3}}""", $$"""{"type":"step","data":{{action}}}""", """{"type":"state"}"""]));
            targets.Add(new($"{prefix}/mcp", true, mcp));
        }

        foreach (var env in Environments)
        {
            var observation = await ObservationAsync(http, env);
            targets.Add(new("/agent/suggest", false, [$$"""{"env_id":"{{env}}","observation":{{observation}}}"""]));
            targets.Add(new("/agent/baseline", false, [$$"""{"env_id":"{{env}}","observation":{{observation}}}"""]));
        }

        var oracle = await OracleAsync(http);
        targets.Add(new("/bandit/datasets", false, ["""{"seed":1,"n_rx":20,"n_combinations":50,"n_patterns":2,"mean_rx":3}"""]));
        if (oracle is not null)
        {
            targets.Add(new($"/bandit/datasets/{oracle}/observe", false, ["""{"combinations":[0,1,2]}"""]));
            targets.Add(new($"/bandit/datasets/{oracle}/score", false, ["""{"flagged_combinations":[0,1],"flagged_patterns":[0]}"""]));
        }

        return targets;
    }

    /// <summary>An action built from the environment's action schema: the first allowed or a middling value per field.</summary>
    /// <param name="http">A client of the server.</param>
    /// <param name="prefix">"" for the default environment at the root, or "/envs/{id}".</param>
    public static async Task<string> DefaultActionAsync(HttpClient http, string prefix)
    {
        using var schema = JsonDocument.Parse(await http.GetStringAsync($"{prefix}/schema"));
        var action = new System.Text.Json.Nodes.JsonObject();
        if (schema.RootElement.TryGetProperty("action", out var actionSchema) && actionSchema.TryGetProperty("properties", out var properties))
        {
            foreach (var field in properties.EnumerateObject())
            {
                var spec = field.Value;
                action[field.Name] = spec.TryGetProperty("enum", out var allowed) && allowed.GetArrayLength() > 0
                    ? System.Text.Json.Nodes.JsonNode.Parse(allowed[0].GetRawText())
                    : (spec.TryGetProperty("type", out var type) ? type.GetString() : null) switch
                    {
                        "integer" => System.Text.Json.Nodes.JsonValue.Create(spec.TryGetProperty("minimum", out var min) ? min.GetInt64() : 0),
                        "number" => System.Text.Json.Nodes.JsonValue.Create(spec.TryGetProperty("minimum", out var low) && spec.TryGetProperty("maximum", out var high) ? (low.GetDouble() + high.GetDouble()) / 2 : 0.5),
                        "boolean" => System.Text.Json.Nodes.JsonValue.Create(false),
                        "string" => System.Text.Json.Nodes.JsonValue.Create("x"),
                        "array" => new System.Text.Json.Nodes.JsonArray(),
                        _ => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject(),
                    };
            }
        }

        return action.ToJsonString();
    }

    private static async Task<string> ObservationAsync(HttpClient http, string env)
    {
        using var response = await http.PostAsync($"/envs/{env}/reset", new StringContent("""{"seed":3}""", System.Text.Encoding.UTF8, "application/json"));
        using var reply = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return reply.RootElement.TryGetProperty("observation", out var observation) ? observation.GetRawText() : "{}";
    }

    private static async Task<string?> OracleAsync(HttpClient http)
    {
        using var response = await http.PostAsync("/bandit/datasets", new StringContent("""{"seed":1,"n_rx":20,"n_combinations":50,"n_patterns":2,"mean_rx":3}""", System.Text.Encoding.UTF8, "application/json"));
        if (!response.IsSuccessStatusCode) return null;
        using var reply = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return reply.RootElement.GetProperty("dataset_id").GetString();
    }
}
