using System.Text.Json;
using EnvServer.Environments.Schema;

namespace EnvServer.Environments.Core;

/// <summary>
/// Everything the server needs to serve an environment without knowing it: identity, tasks,
/// schemas and a factory. Registering a spec is all it takes to add an environment.
/// </summary>
public sealed record EnvironmentSpec
{
    /// <summary>kebab-case id used in URLs, e.g. <c>drug-dose</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Class-like name reported by /metadata, e.g. <c>DrugDoseEnvironment</c>.</summary>
    public required string Name { get; init; }

    public required string Description { get; init; }

    public string Version { get; init; } = "1.0.0";

    public string? Author { get; init; }

    public string? DocumentationUrl { get; init; }

    /// <summary>Longer human-readable text (markdown), served as /metadata readme_content.</summary>
    public string? ReadmeContent { get; init; }

    public required IReadOnlyList<EnvironmentTask> Tasks { get; init; }

    public required string DefaultTaskId { get; init; }

    public required ObjectSchema Action { get; init; }

    /// <summary>The observation's own fields; the server adds terminated/truncated.</summary>
    public required ObjectSchema Observation { get; init; }

    /// <summary>The environment's own state fields; episode bookkeeping is added by <see cref="EnvironmentBase{TAction}"/>.</summary>
    public required ObjectSchema State { get; init; }

    /// <summary>The environment's own metadata fields of each reply; the bookkeeping and cost fields are added by <see cref="EnvironmentBase{TAction}"/>.</summary>
    public required ObjectSchema Info { get; init; }

    /// <summary>The named components of the per-step safety cost (<see cref="SafetyCost"/>), from the environment's clinical constraints.</summary>
    public required IReadOnlyList<CostComponent> CostComponents { get; init; }

    /// <summary>Environment-specific reset options (seed, episode_id and task_id are common to all).</summary>
    public IReadOnlyList<FieldSchema> ResetOptions { get; init; } = [];

    /// <summary>The documented fallback policy on wire observations; null when the environment has none.</summary>
    public BaselinePolicy? Baseline { get; init; }

    /// <summary>Clinical guardrails on suggested actions, applied in order, each to the action the previous ones left. Default none.</summary>
    public IReadOnlyList<SafetyRule> SafetyRules { get; init; } = [];

    /// <summary>
    /// Whether a schema-valid action can be taken given the observation (its action mask, its argument rules): null when
    /// it can, else a message naming the field and listing what is valid. Null for environments where every
    /// schema-valid action can be taken.
    /// </summary>
    public Func<JsonElement, JsonElement, string?>? ActionCheck { get; init; }

    /// <summary>How clients draw an episode (the web console's view, the charts' series); served by GET /envs.</summary>
    public EnvironmentView? View { get; init; }

    public required Func<IEnvironment> Factory { get; init; }

    public EnvironmentTask? FindTask(string id)
    {
        foreach (var task in Tasks)
        {
            if (task.Id == id) return task;
        }

        return null;
    }
}
