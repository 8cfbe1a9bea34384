using EnvServer.Environments.Core;

namespace EnvServer.Environments.Schema;

/// <summary>
/// The complete wire schemas of an environment: its own fields plus what OpenEnv and this
/// server add to every action, observation, state and reset request.
/// </summary>
public static class StandardSchemas
{
    public static readonly FieldSchema ActionMetadata =
        new FieldSchema("metadata", FieldType.Object, "Additional metadata for the action (ignored by the environment)").WithDefault(null);

    public static readonly FieldSchema Seed = new("seed", FieldType.Integer, "Seed of the episode's random generator; omitted or null draws a fresh seed (reported in metadata.seed)")
    {
        Nullable = true,
        Minimum = 0,
        Maximum = long.MaxValue,
        HasDefault = true,
    };

    public static readonly FieldSchema EpisodeId = new("episode_id", FieldType.String, "Caller-chosen episode id; omitted or null makes a new one")
    {
        Nullable = true,
        MaxLength = 255,
        HasDefault = true,
    };

    public static ObjectSchema Action(EnvironmentSpec spec) =>
        spec.Action with { Fields = [ActionMetadata, .. spec.Action.Fields], AdditionalProperties = false };

    public static ObjectSchema Observation(EnvironmentSpec spec) => spec.Observation with
    {
        AdditionalProperties = false,
        Fields =
        [
            new FieldSchema("done", FieldType.Boolean, "Whether the episode has ended (terminated or truncated); sent beside the observation").WithDefault(false),
            new FieldSchema("reward", FieldType.Number, "Reward of the last transition; sent beside the observation") { Nullable = true, HasDefault = true },
            new FieldSchema("metadata", FieldType.Object, "Episode information; sent beside the observation as the top-level metadata key"),
            .. spec.Observation.Fields,
            new FieldSchema("terminated", FieldType.Boolean, "The episode reached a terminal state (do not bootstrap)").WithDefault(false),
            new FieldSchema("truncated", FieldType.Boolean, "The episode hit its time limit (bootstrap from the value of the last state)").WithDefault(false),
        ],
    };

    public static ObjectSchema State(EnvironmentSpec spec) => spec.State with
    {
        AdditionalProperties = true,
        Fields =
        [
            EpisodeId with { Description = "Id of the current episode, null before the first reset" },
            new FieldSchema("step_count", FieldType.Integer, "Steps taken in the current episode") { Minimum = 0 }.WithDefault(0),
            new FieldSchema("task_id", FieldType.String, "Task of the current episode") { Nullable = true },
            new FieldSchema("seed", FieldType.Integer, "Seed of the current episode") { Nullable = true },
            new FieldSchema("done", FieldType.Boolean, "Whether the current episode has ended"),
            new FieldSchema("cumulative_reward", FieldType.Number, "Undiscounted return so far"),
            new FieldSchema("cumulative_cost", FieldType.Number, "Sum of the episode's safety costs so far (see cost)") { Minimum = 0 },
            new FieldSchema("grader_score", FieldType.Number, "Deterministic grade of the episode in [0.001, 0.999], null until it ends") { Nullable = true },
            .. spec.State.Fields,
        ],
    };

    /// <summary>
    /// The metadata of every reset and step reply: the state's bookkeeping, the step's safety cost, then the
    /// environment's own info fields.
    /// </summary>
    public static ObjectSchema Metadata(EnvironmentSpec spec) => spec.Info with
    {
        AdditionalProperties = false,
        Fields =
        [
            .. State(spec).Fields.Except(spec.State.Fields),
            new FieldSchema("cost", FieldType.Number,
                "Safety cost of this step (0.0 at reset), for constrained RL: the sum of cost_components") { Minimum = 0 },
            new FieldSchema("cost_components", FieldType.Object,
                $"The step's cost by clinical constraint: {string.Join("; ", spec.CostComponents.Select(c => $"{c.Name}: {c.Description}"))}"),
            .. spec.Info.Fields,
        ],
    };

    public static ObjectSchema Reset(EnvironmentSpec spec) => new(
        "ResetRequest",
        $"Reset options of {spec.Id}. Unknown keys are ignored (listed in metadata.ignored_reset_keys).",
        [
            Seed,
            EpisodeId,
            new FieldSchema("task_id", FieldType.String, "Task to play; omitted or null means the default task")
            {
                Nullable = true,
                AllowedValues = spec.Tasks.Select(t => t.Id).ToArray(),
                Default = spec.DefaultTaskId,
                HasDefault = true,
            },
            .. spec.ResetOptions,
        ])
    {
        AdditionalProperties = true,
    };
}
