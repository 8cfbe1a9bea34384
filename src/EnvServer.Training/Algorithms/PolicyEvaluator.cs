using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Algorithms;

/// <summary>Plays <paramref name="agent"/> on held-out episodes during training and returns them (see <see cref="Ppo.TrainAsync"/> and <see cref="Dqn.TrainAsync"/>).</summary>
internal delegate Task<IReadOnlyList<EpisodeEnd>> PolicyEvaluator(IPolicy agent, long globalStep, CancellationToken ct);
