using System.Text.Json;

namespace EnvServer.Agent.Core.Policy;

/// <summary>What one decision is about.</summary>
/// <param name="Profile">The environment.</param>
/// <param name="TaskId">The task being played.</param>
/// <param name="Observation">The current observation object.</param>
/// <param name="Step">The step the action is for (1-based); 0 when unknown, as for a suggestion.</param>
/// <param name="RecentSteps">One line per recent step, oldest first, shown to the model.</param>
/// <param name="Episode">Transcript key of the episode.</param>
public sealed record DecisionRequest(
    EnvironmentProfile Profile, string TaskId, JsonElement Observation, int Step, IReadOnlyList<string> RecentSteps, string Episode);
