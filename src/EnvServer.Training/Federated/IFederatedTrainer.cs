namespace EnvServer.Training.Federated;

/// <summary>
/// A client's local learner: its data (environment sessions of its own cohort, or its own records) never leaves it;
/// only the model and metrics it returns do.
/// </summary>
internal interface IFederatedTrainer
{
    /// <summary>A model initialised from <paramref name="seed"/>, when the coordinator asks this client for the initial weights.</summary>
    Task<FederatedModel> InitializeAsync(int seed, CancellationToken ct);

    /// <summary>Trains the global model on local data and returns the trained model (its statistics only those of the
    /// data seen in this round, see <see cref="ObservationStatistics"/>).</summary>
    Task<LocalFit> FitAsync(FederatedModel global, FitTask task, CancellationToken ct);

    /// <summary>Evaluates a model on local validation data; metric names start with eval/.</summary>
    Task<LocalEvaluation> EvaluateAsync(FederatedModel global, CancellationToken ct);
}

/// <summary>What a fit task asks: the round (1-based) of how many, and FedProx's μ (0 for plain local training).</summary>
internal sealed record FitTask(int Round, int Rounds, float ProximalMu);

internal sealed record LocalFit(FederatedModel Model, long NumExamples, IReadOnlyDictionary<string, double> Metrics);

internal sealed record LocalEvaluation(IReadOnlyDictionary<string, double> Metrics, long NumExamples);
