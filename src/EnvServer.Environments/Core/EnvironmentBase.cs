using System.Text.Json;

namespace EnvServer.Environments.Core;

/// <summary>
/// Episode bookkeeping shared by every environment: task and seed resolution, step counting,
/// the return, the end-of-episode grade, and the rule that step needs a live episode.
/// An environment is this base plus its spec, how it reads an action (<see cref="ParseAction"/>) and how it starts an
/// episode of its model (<see cref="StartEpisode"/>); the episode (<see cref="IEpisode{TAction}"/>) does the rest.
/// </summary>
public abstract class EnvironmentBase<TAction> : IEnvironment
{
    private readonly EpisodeState _state;
    private IEpisode<TAction>? _episode;

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

    /// <summary>Sum of the episode's safety costs so far.</summary>
    public double CumulativeCost { get; private set; }

    /// <summary>The grade of the finished episode; null while it runs.</summary>
    public double? GraderScore { get; private set; }

    public IJsonFields State => _state;

    public StepResult Reset(ResetOptions options)
    {
        var taskId = options.TaskId ?? Spec.DefaultTaskId;
        var task = Spec.FindTask(taskId) ?? throw new InvalidInputException(
            "task_id", $"Unknown task '{taskId}' for {Spec.Id}; expected one of: {string.Join(", ", Spec.Tasks.Select(t => t.Id))}", "literal_error");
        var seed = options.Seed ?? SeededRandom.NewSeed();

        var episode = StartEpisode(task, options, new SeededRandom(seed), Realism.From(options, seed));

        Task = task;
        Seed = seed;
        EpisodeId = options.EpisodeId ?? Guid.NewGuid().ToString();
        StepCount = 0;
        IsDone = false;
        CumulativeReward = 0;
        CumulativeCost = 0;
        GraderScore = null;
        _episode = episode;
        return new StepResult(episode.Observation, 0.0, false, false, Snapshot(episode.Info, episode.Cost));
    }

    public StepResult Step(JsonElement action) => Step(ParseAction(action));

    public StepResult Step(TAction action)
    {
        if (_episode is not { } episode) throw new EpisodeNotStartedException();
        if (IsDone) throw new EpisodeOverException();

        var (reward, terminated, truncated) = episode.Step(action);
        StepCount++;
        CumulativeReward += reward;
        CumulativeCost += episode.Cost.Total;
        if (terminated || truncated)
        {
            IsDone = true;
            GraderScore = Grader.Clip(episode.Grade(CumulativeReward));
        }

        return new StepResult(episode.Observation, reward, terminated, truncated, Snapshot(episode.Info, episode.Cost));
    }

    public virtual void Dispose() => GC.SuppressFinalize(this);

    /// <summary>Builds the typed action from JSON that already passed the action schema.</summary>
    protected abstract TAction ParseAction(JsonElement action);

    /// <summary>
    /// Draws the patient and starts an episode of the model, drawing from <c>random</c> (the model's stream) and from
    /// <c>realism</c>'s own stream only for what the realism settings add. Throw <see cref="InvalidInputException"/> for bad options.
    /// </summary>
    private protected abstract IEpisode<TAction> StartEpisode(EnvironmentTask task, ResetOptions options, SeededRandom random, Realism realism);

    /// <summary>The running (or last) episode, null before the first reset.</summary>
    private protected IEpisode<TAction>? CurrentEpisode => _episode;

    private EpisodeMetadata Snapshot(IJsonFields? info, SafetyCost? cost) =>
        new(EpisodeId, StepCount, Task?.Id, Seed, IsDone, CumulativeReward, CumulativeCost, GraderScore, cost, info);

    /// <summary>The metadata of one reply, fixed when the step was taken; without a cost and info it is the state's bookkeeping.</summary>
    private sealed record EpisodeMetadata(
        string? EpisodeId, int StepCount, string? TaskId, long? Seed, bool Done, double CumulativeReward, double CumulativeCost,
        double? GraderScore, SafetyCost? Cost, IJsonFields? Info)
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
            writer.WriteFloat("cumulative_cost", CumulativeCost);
            writer.WriteFloat("grader_score", GraderScore);
            Cost?.WriteFields(writer);
            Info?.WriteFields(writer);
        }
    }

    private sealed class EpisodeState(EnvironmentBase<TAction> environment) : IJsonFields
    {
        public void WriteFields(Utf8JsonWriter writer)
        {
            environment.Snapshot(null, null).WriteFields(writer);
            environment._episode?.WriteStateFields(writer);
        }
    }
}
