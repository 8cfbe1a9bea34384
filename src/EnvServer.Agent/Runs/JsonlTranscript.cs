using System.Text.Json.Nodes;
using EnvServer.Agent.Core;
using EnvServer.Agent.Core.Llm;
using EnvServer.Agent.Core.Policy;

namespace EnvServer.Agent.Runs;

/// <summary>
/// The transcript as JSON Lines, one object per model request: <c>{"episode","step","attempt","messages":[{role,
/// content,tool_call?,tool_call_id?}],"reply":{content,tool_call,retries,elapsed_ms}|null,"problem"}</c>.
/// </summary>
internal sealed class JsonlTranscript(TextWriter writer) : ITranscript, IDisposable
{
    public void Record(TranscriptEntry entry)
    {
        var line = new JsonObject
        {
            ["episode"] = entry.Episode,
            ["step"] = entry.Step,
            ["attempt"] = entry.Attempt,
            ["messages"] = new JsonArray(entry.Messages.Select(m => (JsonNode)Message(m)).ToArray()),
            ["reply"] = entry.Reply is { } reply
                ? new JsonObject
                {
                    ["content"] = reply.Text,
                    ["tool_call"] = ToolCall(reply.ToolCall),
                    ["retries"] = reply.Retries,
                    ["elapsed_ms"] = Math.Round(reply.Elapsed.TotalMilliseconds, 1),
                }
                : null,
            ["problem"] = entry.Problem,
        }.ToJsonString(AgentJson.Compact);
        lock (writer)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    public void Dispose() => writer.Dispose();

    private static JsonObject Message(Turn turn)
    {
        var message = new JsonObject { ["role"] = turn.Role, ["content"] = turn.Text };
        if (turn.ToolCall is not null) message["tool_call"] = ToolCall(turn.ToolCall);
        if (turn.ToolCallId is not null) message["tool_call_id"] = turn.ToolCallId;
        return message;
    }

    private static JsonObject? ToolCall(ModelToolCall? call) =>
        call is null ? null : new JsonObject { ["id"] = call.Id, ["name"] = call.Name, ["arguments"] = call.Arguments };
}
