using System.Text.Json;
using System.Text.Json.Nodes;

namespace EnvServer.Tools.Fuzz;

/// <summary>
/// What of a reply a seeded episode determines: observation, reward, done, terminated, truncated and grader scores.
/// Ids and counters the server draws per episode or session (episode_id, session_id) are left out, so a replay of the
/// same seeded episode compares equal unless the server really played it differently.
/// </summary>
internal static class Trajectory
{
    private static readonly string[] Outcome = ["reward", "done", "terminated", "truncated"];
    private static readonly string[] PerEpisode = ["episode_id", "session_id"];

    /// <summary>The reply reduced to its trajectory, as canonical JSON; a reply that is not JSON is kept whole.</summary>
    public static string Of(string reply)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(reply);
        }
        catch (JsonException)
        {
            return reply;
        }

        var data = root?["data"] as JsonObject ?? root as JsonObject;
        if (data is null) return reply;
        var kept = new JsonObject { ["type"] = root?["type"]?.DeepClone() };
        if (data["observation"] is { } observation) kept["observation"] = WithoutPerEpisode(observation.DeepClone());
        foreach (var key in Outcome)
        {
            if (data.TryGetPropertyValue(key, out var value)) kept[key] = value?.DeepClone();
        }

        if (data["metadata"] is JsonObject metadata)
        {
            foreach (var (key, value) in metadata.Where(m => m.Key.Contains("score", StringComparison.OrdinalIgnoreCase) || m.Key.Contains("grade", StringComparison.OrdinalIgnoreCase)))
                kept["metadata." + key] = value?.DeepClone();
        }

        // Error frames have no observation; their message and code are what the neighbour must see again.
        if (kept.Count == 1) kept["data"] = WithoutPerEpisode(data.DeepClone());
        return kept.ToJsonString();
    }

    /// <summary>True when two replays of one seeded episode differ in what the seed determines.</summary>
    public static bool Differ(IReadOnlyList<string> reference, IReadOnlyList<string> replay) =>
        !reference.Select(Of).SequenceEqual(replay.Select(Of), StringComparer.Ordinal);

    private static JsonNode WithoutPerEpisode(JsonNode node)
    {
        if (node is JsonObject map)
        {
            foreach (var key in PerEpisode) map.Remove(key);
            foreach (var (_, child) in map.ToList())
            {
                if (child is not null) WithoutPerEpisode(child);
            }
        }
        else if (node is JsonArray list)
        {
            foreach (var child in list)
            {
                if (child is not null) WithoutPerEpisode(child);
            }
        }

        return node;
    }
}
