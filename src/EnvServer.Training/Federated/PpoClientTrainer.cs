using System.Text.Json;
using EnvServer.Api.Cli;
using EnvServer.Training.Algorithms;
using EnvServer.Training.Logging;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Federated;

/// <summary>
/// A hospital's PPO learner: its own environment sessions (reset with its cohort), PPO started from the global agent
/// (weights and observation statistics), FedProx's proximal term when the task asks for it. Learning rate schedule:
/// constant within a round, decaying linearly over the rounds as one standalone run's annealing would.
/// </summary>
internal sealed class PpoClientTrainer(PpoClientOptions options, ServerConnection servers, ActionSpace actionSpace) : IFederatedTrainer
{
    // The scale of this hospital's returns is local state, like a standalone run's: kept across rounds, never sent.
    private readonly Networks.RunningMeanStd _returnStatistics = new(1);

    public async Task<FederatedModel> InitializeAsync(int seed, CancellationToken ct)
    {
        await using var probe = await EnvironmentVector.ConnectAsync(servers, options.EnvironmentId, 1, options.ResetOptions, options.Seed, ct);
        TorchSharp.torch.manual_seed(seed);
        var agent = new ActorCritic(probe.Observations[0].Length, actionSpace, options.Ppo.HiddenSize);
        return ToModel(agent, null);
    }

    public async Task<LocalFit> FitAsync(FederatedModel global, FitTask task, CancellationToken ct)
    {
        var agent = ToAgent(global);
        var before = ObservationStatistics.Copy(agent.Normalizer);
        var ppo = options.Ppo with
        {
            TotalTimesteps = options.LocalSteps,
            LearningRate = options.Ppo.LearningRate * (1f - (task.Round - 1f) / task.Rounds),
            AnnealLr = false,
            // Episodes of different rounds get different seeds: a session plays fewer than 1,000 episodes per round.
            Seed = options.Seed + 1000 * task.Round,
        };
        if (ppo.NumUpdates < 1) throw new ArgumentException($"--local-steps {options.LocalSteps} is less than one rollout of {ppo.BatchSize} steps.");

        var log = new MetricsLog();
        // FedProx: μ/2·‖θ − θ₀‖² anchored at the global weights this round starts from (none when μ is 0).
        using (var proximal = task.ProximalMu > 0 ? new ProximalTerm(agent.parameters(), task.ProximalMu) : null)
        await using (var envs = await EnvironmentVector.ConnectAsync(servers, options.EnvironmentId, ppo.NumEnvs, options.ResetOptions, ppo.Seed, ct))
        {
            await Ppo.TrainAsync(envs, actionSpace, ppo, log, start: agent, returnStatistics: _returnStatistics, extraLoss: proximal is null ? null : proximal.Loss, ct: ct);
        }

        var metrics = new Dictionary<string, double> { ["train/proximal_mu"] = task.ProximalMu, ["train/learning_rate"] = ppo.LearningRate };
        foreach (var name in new[] { "charts/episodic_return", "charts/grader_score", "losses/approx_kl", "losses/value_loss" })
        {
            if (log.Values(name).Any()) metrics["train/" + name[(name.IndexOf('/') + 1)..]] = log.Values(name).Average();
        }

        return new LocalFit(ToModel(agent, ObservationStatistics.Since(before, agent.Normalizer)), (long)ppo.NumUpdates * ppo.BatchSize, metrics);
    }

    /// <summary>Deterministic episodes on this hospital's validation patients (seeds from <see cref="Cli.TrainCommand.ValidationSeed"/>).</summary>
    public async Task<LocalEvaluation> EvaluateAsync(FederatedModel global, CancellationToken ct)
    {
        var agent = ToAgent(global);
        await using var envs = await EnvironmentVector.ConnectAsync(servers, options.EnvironmentId, options.EvalEpisodes, options.ResetOptions, Cli.TrainCommand.ValidationSeed, ct);
        var episodes = await PolicyEvaluation.RunAsync(agent, envs, options.EvalEpisodes, deterministic: true, new Random(options.Seed), ct);
        var metrics = new Dictionary<string, double> { ["eval/mean_reward"] = episodes.Average(e => e.Return) };
        if (episodes.All(e => e.GraderScore is not null)) metrics["eval/grader_score"] = episodes.Average(e => e.GraderScore!.Value);
        return new LocalEvaluation(metrics, episodes.Sum(e => (long)e.Length));
    }

    public static ActorCritic ToAgent(FederatedModel model) =>
        AgentCheckpoint.FromTensors(model.Tensors, FederatedModelFile.CheckpointMetadata(model), "the global model");

    private FederatedModel ToModel(ActorCritic agent, Networks.RunningMeanStd? statistics)
    {
        // The global model describes the shared task, not this hospital: its cohort stays out of the metadata.
        var shared = options.ResetOptions.Where(o => o.Key != "cohort").ToDictionary(o => o.Key, o => o.Value);
        var metadata = AgentCheckpoint.Metadata(agent, new Dictionary<string, string>
        {
            ["env"] = options.EnvironmentId,
            ["task"] = shared.GetValueOrDefault("task_id")?.ToString() ?? "",
            ["env_options"] = JsonSerializer.Serialize(shared),
            ["algo"] = "ppo",
        });
        metadata.Remove(AgentCheckpoint.ObservationMean);
        metadata.Remove(AgentCheckpoint.ObservationVariance);
        metadata.Remove(AgentCheckpoint.ObservationCount);
        return new FederatedModel(AgentCheckpoint.Tensors(agent), metadata, statistics ?? agent.Normalizer);
    }
}

/// <summary>A PPO client's local settings.</summary>
internal sealed record PpoClientOptions
{
    /// <summary>Default hiv.</summary>
    public string EnvironmentId { get; init; } = "hiv";

    /// <summary>Reset options of every episode: task_id, cohort and environment options. Default randomized_patient.</summary>
    public IReadOnlyDictionary<string, object?> ResetOptions { get; init; } = new Dictionary<string, object?> { ["task_id"] = "randomized_patient" };

    /// <summary>Environment steps of local training per round. Default 100,000.</summary>
    public int LocalSteps { get; init; } = 100_000;

    /// <summary>PPO's hyperparameters; total steps, learning-rate annealing, μ and seed are set per round.</summary>
    public PpoOptions Ppo { get; init; } = new();

    /// <summary>Validation episodes played with each received global model. Default 5.</summary>
    public int EvalEpisodes { get; init; } = 5;

    /// <summary>Seed of local training, offset by round. Default 1.</summary>
    public int Seed { get; init; } = 1;
}
