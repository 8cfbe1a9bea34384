namespace EnvServer.Agent.Core.Llm;

/// <summary>
/// One message of a conversation, kept in this plain form so the transcript can record it as sent; the chat client
/// turns it into an OpenAI message.
/// </summary>
/// <param name="Role">system, user, assistant or tool.</param>
/// <param name="Text">The message text (for a tool message, the tool's result).</param>
/// <param name="ToolCall">The tool call an assistant message made, if any.</param>
/// <param name="ToolCallId">For a tool message: the call it answers.</param>
public sealed record Turn(string Role, string? Text, ModelToolCall? ToolCall = null, string? ToolCallId = null)
{
    public static Turn System(string text) => new("system", text);

    public static Turn User(string text) => new("user", text);

    /// <summary>The model's own reply, echoed back when it is asked to correct it.</summary>
    public static Turn Assistant(ModelReply reply) => new("assistant", reply.Text, reply.ToolCall);

    public static Turn Tool(string toolCallId, string text) => new("tool", text, ToolCallId: toolCallId);
}

/// <summary>A function call in a reply: its id, the function name and the raw JSON arguments.</summary>
public sealed record ModelToolCall(string Id, string Name, string Arguments);

/// <summary>The model's reply: its text and its first tool call, and how many transient failures came before it.</summary>
public sealed record ModelReply(string? Text, ModelToolCall? ToolCall)
{
    /// <summary>Retries after timeouts, 429s, 5xx and dropped connections before this reply.</summary>
    public int Retries { get; init; }

    /// <summary>Time from the first attempt to the reply, waits included.</summary>
    public TimeSpan Elapsed { get; init; }
}
