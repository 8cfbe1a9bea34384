using System.Text.Json;

namespace EnvServer.Training.Rollouts;

/// <summary>
/// Keeps every observation of the episodes played on an <see cref="EnvironmentVector"/>, as the server sent
/// them, with the actions and rewards: what an evaluation's CSV and plots are made of. Episodes are numbered
/// in the order they end; only the first <c>episodes</c> to end are kept, as PolicyEvaluation returns them.
/// </summary>
internal sealed class TrajectoryRecorder
{
    private readonly EnvironmentVector _envs;
    private readonly int _episodes;
    private readonly List<TrajectoryStep>[] _current;
    private readonly List<Trajectory> _finished = [];

    /// <summary>Starts each session's trajectory at its current (reset) observation.</summary>
    public TrajectoryRecorder(EnvironmentVector envs, int episodes)
    {
        _envs = envs;
        _episodes = episodes;
        _current = [.. envs.RawObservations.Select(Start)];
    }

    public IReadOnlyList<Trajectory> Trajectories => _finished;

    /// <summary>Appends a step; an ended episode is closed and its session's next one starts at the reset observation.</summary>
    public void Record(IReadOnlyList<float> actions, VectorStep step)
    {
        for (var i = 0; i < _current.Length; i++)
        {
            var result = step.Results[i];
            var steps = _current[i];
            var reward = result.Reward ?? 0.0;
            steps.Add(new TrajectoryStep(steps.Count, actions[i], reward, steps[^1].Return + reward, result.Observation));
            if (!result.Done) continue;

            if (_finished.Count < _episodes)
            {
                _finished.Add(new Trajectory(_finished.Count, steps, step.Episodes.Single(e => e.Session == i)));
            }

            _current[i] = Start(_envs.RawObservations[i]);
        }
    }

    private static List<TrajectoryStep> Start(JsonElement resetObservation) => [new TrajectoryStep(0, null, null, 0, resetObservation)];
}

/// <summary>One row of a trajectory; step 0 is the reset observation, before any action or reward.</summary>
internal sealed record TrajectoryStep(int Step, float? Action, double? Reward, double Return, JsonElement Observation);

/// <summary>A finished episode: every step, and how it ended (return, length, the server's final metadata).</summary>
internal sealed record Trajectory(int Episode, IReadOnlyList<TrajectoryStep> Steps, EpisodeEnd End);
