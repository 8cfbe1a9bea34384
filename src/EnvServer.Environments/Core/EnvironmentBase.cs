using System.Text.Json;

namespace EnvServer.Environments.Core;

/// <summary>
/// Episode bookkeeping shared by every environment: task and seed resolution, step counting,
/// the return, the end-of-episode grade, and the rule that step needs a live episode.
/// Subclasses implement the model: <see cref="ParseAction"/>, <see cref="OnReset"/>,
/// <see cref="OnStep"/>, <see cref="Grade"/> and their own state and metadata fields.
/// </summary>
public abstract class EnvironmentBase<TAction> : IEnvironment
{
    private readonly EpisodeState _state;

    protected EnvironmentBase(EnvironmentSpec spec)
    {
        Spec = spec;
        _state = new EpisodeState(this);
    }

    public EnvironmentSpec Spec { get; }

    public string? EpisodeId { get; private set; }

    public EnvironmentTask? Task { get; private set; }

    public long? Seed { get; private set; }

    public int StepCount { get; private set; }

    public bool IsDone { get; private set; }

    public double CumulativeReward { get; private set; }

    /// <summary>The grade of the finished episode; null while it runs.</summary>
    public double? GraderScore { get; private set; }

    public IJsonFields State => _state;

    public StepResult Reset(ResetOptions options)
    {
        var taskId = options.TaskId ?? Spec.DefaultTaskId;
        var task = Spec.FindTask(taskId) ?? throw new InvalidInputException(
            "task_id", $"Unknown task '{taskId}' for {Spec.Id}; expected one of: {string.Join(", ", Spec.Tasks.Select(t => t.Id))}", "literal_error");
        var seed = options.Seed ?? SeededRandom.NewSeed();

        var (observation, info) = OnReset(task, options, new SeededRandom(seed));

        Task = task;
        Seed = seed;
        EpisodeId = options.EpisodeId ?? Guid.NewGuid().ToString();
        StepCount = 0;
        IsDone = false;
        CumulativeReward = 0;
        GraderScore = null;
        return new StepResult(observation, 0.0, false, false, Snapshot(info));
    }

    public StepResult Step(JsonElement action) => Step(ParseAction(action));

    public StepResult Step(TAction action)
    {
        if (Task is null) throw new EpisodeNotStartedException();
        if (IsDone) throw new EpisodeOverException();

        var transition = OnStep(action);
        StepCount++;
        CumulativeReward += transition.Reward;
        if (transition.Terminated || transition.Truncated)
        {
            IsDone = true;
            GraderScore = Grader.Clip(Grade());
        }

        return new StepResult(transition.Observation, transition.Reward, transition.Terminated, transition.Truncated, Snapshot(transition.Info));
    }

    public virtual void Dispose() => GC.SuppressFinalize(this);

    /// <summary>Builds the typed action from JSON that already passed the action schema.</summary>
    protected abstract TAction ParseAction(JsonElement action);

    /// <summary>Draws the patient and returns the first observation and info. Throw <see cref="InvalidInputException"/> for bad options.</summary>
    protected abstract (IJsonFields Observation, IJsonFields Info) OnReset(EnvironmentTask task, ResetOptions options, SeededRandom random);

    protected abstract Transition OnStep(TAction action);

    /// <summary>The episode's grade, called once when it ends; clipped to [0.001, 0.999] by the caller.</summary>
    protected abstract double Grade();

    /// <summary>Environment-specific state fields (hidden variables, patient parameters).</summary>
    protected abstract void WriteStateFields(Utf8JsonWriter writer);

    /// <summary>The outcome of one step of the model; <paramref name="Info"/> holds environment-specific metadata (e.g. in_range_pct).</summary>
    protected readonly record struct Transition(IJsonFields Observation, IJsonFields Info, double Reward, bool Terminated, bool Truncated);

    private EpisodeMetadata Snapshot(IJsonFields? info) =>
        new(EpisodeId, StepCount, Task?.Id, Seed, IsDone, CumulativeReward, GraderScore, info);

    /// <summary>The metadata of one reply, fixed when the step was taken.</summary>
    private sealed record EpisodeMetadata(
        string? EpisodeId, int StepCount, string? TaskId, long? Seed, bool Done, double CumulativeReward, double? GraderScore, IJsonFields? Info)
        : IJsonFields
    {
        public void WriteFields(Utf8JsonWriter writer)
        {
            writer.WriteString("episode_id", EpisodeId);
            writer.WriteNumber("step_count", StepCount);
            writer.WriteString("task_id", TaskId);
            writer.WritePropertyName("seed");
            if (Seed is { } seed) writer.WriteNumberValue(seed);
            else writer.WriteNullValue();
            writer.WriteBoolean("done", Done);
            writer.WriteFloat("cumulative_reward", CumulativeReward);
            writer.WriteFloat("grader_score", GraderScore);
            Info?.WriteFields(writer);
        }
    }

    private sealed class EpisodeState(EnvironmentBase<TAction> environment) : IJsonFields
    {
        public void WriteFields(Utf8JsonWriter writer)
        {
            environment.Snapshot(null).WriteFields(writer);
            if (environment.Task is not null) environment.WriteStateFields(writer);
        }
    }
}
