namespace EnvServer.Tools.Llm;

/// <summary>One answer of the <see cref="ScriptedChatServer"/>.</summary>
internal abstract record ScriptedReply
{
    /// <summary>A 200 with this assistant text.</summary>
    public sealed record Content(string Text) : ScriptedReply;

    /// <summary>A 200 whose assistant message calls a function (and carries optional text).</summary>
    public sealed record ToolCall(string Name, string Arguments, string? Text = null) : ScriptedReply;

    /// <summary>An error status with an OpenAI-shaped error body, e.g. 429 with Retry-After.</summary>
    public sealed record Failure(int Status, int? RetryAfterSeconds = null) : ScriptedReply;

    /// <summary>No answer for <paramref name="Delay"/> (longer than the client waits), then a 504.</summary>
    public sealed record Stall(TimeSpan Delay) : ScriptedReply;
}

/// <summary>Chooses the answer to each chat-completions request (the request body as JSON). Must be thread-safe.</summary>
internal interface IChatScript
{
    ScriptedReply Next(System.Text.Json.JsonElement request);
}

/// <summary>The given replies in order, then <paramref name="then"/> for every further request.</summary>
internal sealed class QueueScript(IEnumerable<ScriptedReply> replies, ScriptedReply then) : IChatScript
{
    private readonly Queue<ScriptedReply> _replies = new(replies);

    public ScriptedReply Next(System.Text.Json.JsonElement request)
    {
        lock (_replies) return _replies.TryDequeue(out var reply) ? reply : then;
    }
}
