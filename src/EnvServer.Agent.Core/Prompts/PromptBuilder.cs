using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EnvServer.Agent.Core.Prompts;

/// <summary>
/// The prompts, built only from what the environment says of itself: the system prompt from its metadata, the
/// task's description and the action schema (or, in tool-calling mode, the tool that carries the schema); the user
/// prompt from the current observation and the last few steps. The observation leaves out the numeric vectors
/// meant for learners (<c>features</c>, <c>action_mask</c>): the named fields carry the same information in words.
/// </summary>
internal static class PromptBuilder
{
    /// <summary>Observation fields left out of prompts.</summary>
    private static readonly IReadOnlySet<string> LearnerFields = new HashSet<string> { "features", "action_mask" };

    public static string System(EnvironmentProfile profile, string taskId, bool toolCalling)
    {
        var text = new StringBuilder();
        text.Append($"You are the agent in {profile.Name} ({profile.Id}), a clinical reinforcement-learning environment.\n");
        if (profile.Description.Length > 0) text.Append(profile.Description).Append('\n');
        text.Append($"\nTask {taskId}");
        if (profile.Tasks.TryGetValue(taskId, out var task)) text.Append($": {task}");
        text.Append("\n\nEach turn you see the current observation and choose the next action; the episode's grade rewards good clinical outcomes.\n");
        if (toolCalling)
        {
            text.Append("Act by calling the tool with the action as its arguments, one call per turn. Put one short sentence of rationale in your message text.\n");
        }
        else
        {
            text.Append("The action's JSON Schema:\n```json\n").Append(JsonSerializer.Serialize(profile.ActionSchema, AgentJson.Compact)).Append("\n```\n");
            text.Append("Reply with one JSON object and nothing else: {\"action\": <an action matching the schema>, \"rationale\": \"<one short sentence>\"}.\n");
        }

        return text.ToString();
    }

    /// <summary>The turn's prompt: the last steps (one line each, oldest first), then the observation.</summary>
    public static string User(JsonElement observation, int step, IReadOnlyList<string> recentSteps)
    {
        var shown = JsonNode.Parse(observation.GetRawText())!.AsObject();
        foreach (var field in LearnerFields) shown.Remove(field);
        var text = new StringBuilder();
        if (recentSteps.Count > 0)
        {
            text.Append("Recent steps:\n");
            foreach (var line in recentSteps) text.Append("- ").Append(line).Append('\n');
            text.Append('\n');
        }

        text.Append(step > 0 ? $"Step {step}. Current observation:\n```json\n" : "Current observation:\n```json\n").Append(shown.ToJsonString(AgentJson.Indented)).Append("\n```\nChoose the next action.");
        return text.ToString();
    }

    /// <summary>What the model is told after a reply that could not be used.</summary>
    public static string Correction(string problem, bool toolCalling) =>
        $"That action was not accepted: {problem} " +
        (toolCalling ? "Call the tool again with a corrected action." : "Reply again with one corrected JSON object.");
}
