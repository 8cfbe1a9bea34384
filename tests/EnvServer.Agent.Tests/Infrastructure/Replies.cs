using EnvServer.Tools.Llm;

namespace EnvServer.Agent.Tests.Infrastructure;

/// <summary>Scripted replies in the shapes the tests need.</summary>
internal static class Replies
{
    /// <summary>The envelope the prompt asks for, around <paramref name="actionJson"/>.</summary>
    public static ScriptedReply Action(string actionJson) => new ScriptedReply.Content($"{{\"action\": {actionJson}, \"rationale\": \"scripted\"}}");

    /// <summary>The same reply for every request.</summary>
    public static IChatScript Always(ScriptedReply reply) => new QueueScript([], reply);

    /// <summary><paramref name="first"/> in order, then <paramref name="then"/> forever.</summary>
    public static IChatScript Then(ScriptedReply then, params ScriptedReply[] first) => new QueueScript(first, then);
}
