using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Agent.Core;

/// <summary>
/// What the agent knows of an environment before it plays: its own words (metadata name and description, the
/// task descriptions) and the action schema, as GET /metadata, /schema and /envs serve them, plus the action tool
/// of MCP tools/list for tool calling.
/// </summary>
/// <param name="Id">Environment id, e.g. <c>polypharmacy</c>.</param>
/// <param name="Name">Metadata name.</param>
/// <param name="Description">Metadata description.</param>
/// <param name="ActionSchema">The action's JSON Schema (the <c>action</c> entry of /schema).</param>
public sealed record EnvironmentProfile(string Id, string Name, string Description, JsonElement ActionSchema)
{
    /// <summary>Task id → description. Default empty.</summary>
    public IReadOnlyDictionary<string, string> Tasks { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// This library's spec of the environment id (its baseline, clinical rules and action check), or null for an
    /// environment the library does not ship: the agent then falls back on the schema alone.
    /// </summary>
    public EnvironmentSpec? Local => EnvironmentRegistry.Shipped.Find(Id);

    /// <summary>The MCP tool that takes one action, offered to the model in tool-calling mode. Default none.</summary>
    public ActionTool? Tool { get; init; }

    /// <summary>Reads the profile from the bodies of GET /metadata and GET /schema.</summary>
    public static EnvironmentProfile FromDiscovery(string id, JsonElement metadata, JsonElement schemaDocument) => new(
        id,
        metadata.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString()! : id,
        metadata.TryGetProperty("description", out var description) && description.ValueKind == JsonValueKind.String ? description.GetString()! : "",
        schemaDocument.GetProperty("action").Clone());
}

/// <summary>An environment action offered as a function tool: MCP's name, description and inputSchema.</summary>
public sealed record ActionTool(string Name, string Description, JsonElement Parameters)
{
    /// <summary>The tool of an MCP tools/list result that takes one action: <c>take_action</c>.</summary>
    public const string TakeAction = "take_action";

    /// <summary>Finds <see cref="TakeAction"/> in a JSON-RPC response to tools/list, or null.</summary>
    public static ActionTool? FromToolsList(JsonElement response)
    {
        if (!response.TryGetProperty("result", out var result) || !result.TryGetProperty("tools", out var tools)) return null;
        foreach (var tool in tools.EnumerateArray())
        {
            if (tool.GetProperty("name").GetString() != TakeAction) continue;
            return new ActionTool(TakeAction, tool.GetProperty("description").GetString() ?? "", tool.GetProperty("inputSchema").Clone());
        }

        return null;
    }
}
