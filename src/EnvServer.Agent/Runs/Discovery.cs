using System.Text.Json.Nodes;
using EnvServer.Agent.Core;
using EnvServer.Api.Cli;

namespace EnvServer.Agent.Runs;

/// <summary>One environment the server hosts: where it is served, its default task and its profile.</summary>
internal sealed record HostedEnvironment(Uri BaseUrl, string DefaultTask, IReadOnlyList<string> Tasks, EnvironmentProfile Profile);

/// <summary>
/// Learns the environments from the server itself, as any client would: GET /envs for the ids and tasks, then
/// each environment's GET /metadata and /schema, and in tool-calling mode its MCP tools/list.
/// </summary>
internal static class Discovery
{
    public static async Task<(string DefaultEnvironment, IReadOnlyList<HostedEnvironment> Environments)> DiscoverAsync(
        ServerConnection servers, bool toolCalling, CancellationToken ct)
    {
        var server = servers.Urls[0];
        var list = await servers.Http(server).ListEnvironmentsAsync(ct);
        var environments = new List<HostedEnvironment>();
        foreach (var entry in list.GetProperty("environments").EnumerateArray())
        {
            var id = entry.GetProperty("id").GetString()!;
            var baseUrl = new Uri(new Uri(server.AbsoluteUri.TrimEnd('/') + "/"), $"envs/{id}");
            var client = servers.Http(baseUrl);
            var tasks = entry.GetProperty("tasks").EnumerateArray()
                .ToDictionary(t => t.GetProperty("id").GetString()!, t => t.GetProperty("description").GetString() ?? "");
            var profile = EnvironmentProfile.FromDiscovery(id, await client.MetadataAsync(ct), await client.SchemaAsync(ct)) with { Tasks = tasks };
            if (toolCalling)
            {
                var tools = await client.McpAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = "tools/list", ["id"] = 1 }, ct);
                profile = profile with
                {
                    Tool = ActionTool.FromToolsList(tools)
                        ?? throw new InvalidDataException($"{id}: MCP tools/list has no '{ActionTool.TakeAction}' tool, needed for --tools."),
                };
            }

            environments.Add(new HostedEnvironment(baseUrl, entry.GetProperty("default_task").GetString()!, tasks.Keys.ToArray(), profile));
        }

        return (list.GetProperty("default_env").GetString()!, environments);
    }
}
