using System.Text.Json.Nodes;
using EnvServer.Api.Protocol;

namespace EnvServer.Api.Mcp;

/// <summary>
/// The tools every environment offers over MCP: start an episode, act, read the state. Their names
/// avoid OpenEnv's reserved tool names (reset, step, state, close).
/// </summary>
internal static class McpTools
{
    public const string ResetEpisode = "reset_episode";
    public const string TakeAction = "take_action";
    public const string GetState = "get_state";

    public static JsonArray Describe(ServedEnvironment served) =>
    [
        Tool(ResetEpisode, $"Start a new episode of {served.Id}. Tasks: {string.Join(", ", served.Spec.Tasks.Select(t => $"{t.Id} ({t.Difficulty})"))}. Returns the first observation.", served.ResetSchema.ToJsonSchema()),
        Tool(TakeAction, $"Apply one action to the current {served.Id} episode and return the observation, reward and done flag. {served.Spec.Action.Description}", served.ActionSchema.ToJsonSchema()),
        Tool(GetState, $"Return the full state of the current {served.Id} episode.", new JsonObject { ["type"] = "object", ["properties"] = new JsonObject() }),
    ];

    private static JsonObject Tool(string name, string description, JsonObject inputSchema) => new()
    {
        ["name"] = name,
        ["description"] = description,
        ["inputSchema"] = inputSchema,
    };
}
