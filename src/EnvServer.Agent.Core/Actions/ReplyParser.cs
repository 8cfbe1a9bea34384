using System.Text.Json;
using System.Text.Json.Nodes;
using EnvServer.Agent.Core.Llm;

namespace EnvServer.Agent.Core.Actions;

/// <summary>A proposed action and the model's reason for it.</summary>
internal sealed record ProposedAction(JsonObject Action, string? Rationale);

/// <summary>
/// Reads the action out of a reply. A tool call of the action tool gives its arguments (the text, if any, is the
/// rationale). Otherwise the text must hold one JSON object, bare or in a code fence, either the envelope the
/// prompt asks for, <c>{"action": {...}, "rationale": "..."}</c>, or a bare action. A bare action's
/// <c>rationale</c> is taken as the rationale when the action itself has no such field (models often flatten the
/// envelope of hiv's and sepsis's <c>{"action": 2}</c>).
/// </summary>
internal static class ReplyParser
{
    private const int MaxEchoedChars = 200;

    public static (ProposedAction? Proposed, ActionProblem? Problem) Parse(ModelReply reply, ActionTool? tool, bool actionHasRationale)
    {
        if (reply.ToolCall is { } call)
        {
            if (tool is null || call.Name != tool.Name)
            {
                return (null, Problem($"the reply called the tool '{call.Name}'; the only tool is '{tool?.Name ?? "(none)"}'."));
            }

            return ParseObject(call.Arguments) is { } arguments
                ? (new ProposedAction(arguments, reply.Text?.Trim()), null)
                : (null, Problem($"the tool arguments are not a JSON object: {Echo(call.Arguments)}"));
        }

        var text = reply.Text?.Trim() ?? "";
        if (text.Length == 0) return (null, Problem(tool is null ? "the reply was empty; reply with one JSON object." : $"the reply was empty; call {tool.Name}."));
        var start = text.IndexOf('{');
        var end = text.LastIndexOf('}');
        if (start < 0 || end < start || ParseObject(text[start..(end + 1)]) is not { } json)
        {
            return (null, Problem($"the reply is not valid JSON: {Echo(text)}"));
        }

        var rationale = json["rationale"] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
        if (json["action"] is JsonObject action) return (new ProposedAction((JsonObject)action.DeepClone(), rationale), null);
        if (actionHasRationale) return (new ProposedAction(json, null), null);
        json.Remove("rationale");
        return (new ProposedAction(json, rationale), null);
    }

    private static JsonObject? ParseObject(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Echo(string text) => text.Length <= MaxEchoedChars ? text : string.Concat(text.AsSpan(0, MaxEchoedChars), "…");

    private static ActionProblem Problem(string message) => new(ActionProblem.Reply, message);
}
