using EnvServer.Agent.Core.Llm;

namespace EnvServer.Agent.Core.Policy;

/// <summary>Receives every model exchange as it happens (the CLI writes them as JSONL). Must be thread-safe.</summary>
public interface ITranscript
{
    void Record(TranscriptEntry entry);
}

/// <summary>One request to the model and its outcome.</summary>
/// <param name="Episode">Which episode, e.g. <c>hiv/default_patient/seed=3</c>.</param>
/// <param name="Step">Step number (1-based) the request chooses an action for.</param>
/// <param name="Attempt">1 for the first reply of the step, 2 after the first correction, ...</param>
/// <param name="Messages">The conversation as sent.</param>
/// <param name="Reply">The reply, or null when none came.</param>
/// <param name="Problem">Why the reply was refused, or the model's failure; null when it gave the action.</param>
public sealed record TranscriptEntry(string Episode, int Step, int Attempt, IReadOnlyList<Turn> Messages, ModelReply? Reply, string? Problem);
