using EnvServer.Training.Algorithms;
using static TorchSharp.torch;

namespace EnvServer.Training.Federated.RiskClassifier;

/// <summary>A hospital of the seed-001 case: its own synthetic records (80 % training, 20 % validation), local epochs
/// of minibatch Adam per round, the proximal term under FedProx. FedAvg weights it by its number of training records.</summary>
internal sealed class RiskClassifierTrainer : IFederatedTrainer
{
    private readonly RiskClientOptions _options;
    private readonly ClinicalRecord[] _training;
    private readonly ClinicalRecord[] _validation;

    public RiskClassifierTrainer(RiskClientOptions options)
    {
        _options = options;
        var records = ClinicalRecords.Hospital(options.Hospital, options.Hospitals, ClinicalRecords.Size(options.Hospital, options.Hospitals, options.Samples), options.Seed);
        var validation = (int)Math.Round(records.Length * options.ValidationFraction);
        _training = records[validation..];
        _validation = records[..validation];
    }

    public Task<FederatedModel> InitializeAsync(int seed, CancellationToken ct)
    {
        using var mlp = new RiskMlp(_options.HiddenSize, seed);
        return Task.FromResult(mlp.ToModel());
    }

    public Task<LocalFit> FitAsync(FederatedModel global, FitTask task, CancellationToken ct)
    {
        using var mlp = RiskMlp.FromModel(global);
        using var optimizer = optim.Adam(mlp.parameters(), _options.LearningRate, eps: 1e-5);
        using var proximal = task.ProximalMu > 0 ? new ProximalTerm(mlp.parameters(), task.ProximalMu) : null;
        var random = new Random(unchecked(_options.Seed * 1_000_003 + _options.Hospital * 1009 + task.Round));
        var loss = double.NaN;
        for (var epoch = 0; epoch < _options.LocalEpochs; epoch++)
        {
            ct.ThrowIfCancellationRequested();
            loss = mlp.TrainEpoch(_training, optimizer, proximal, _options.BatchSize, random);
        }

        return Task.FromResult(new LocalFit(mlp.ToModel(), _training.Length, new Dictionary<string, double> { ["train/loss"] = loss }));
    }

    public Task<LocalEvaluation> EvaluateAsync(FederatedModel global, CancellationToken ct)
    {
        using var mlp = RiskMlp.FromModel(global);
        return Task.FromResult(new LocalEvaluation(Evaluate(mlp, _validation), _validation.Length));
    }

    /// <summary>eval/accuracy, eval/auc and eval/loss of <paramref name="mlp"/> on <paramref name="records"/>.</summary>
    public static Dictionary<string, double> Evaluate(RiskMlp mlp, IReadOnlyList<ClinicalRecord> records)
    {
        var probabilities = mlp.Probabilities(records);
        var labels = records.Select(r => r.HighRisk).ToArray();
        var metrics = new Dictionary<string, double>
        {
            ["eval/accuracy"] = BinaryMetrics.Accuracy(probabilities, labels),
            ["eval/loss"] = BinaryMetrics.LogLoss(probabilities, labels),
        };
        if (BinaryMetrics.Auc(probabilities, labels) is var auc && double.IsFinite(auc)) metrics["eval/auc"] = auc;
        return metrics;
    }
}

/// <summary>A seed-001 client's settings, named as the seed's command line (--samples, --local-epochs, --lr).</summary>
internal sealed record RiskClientOptions
{
    /// <summary>This hospital's index, 0-based. Default 0.</summary>
    public int Hospital { get; init; }

    /// <summary>Hospitals in the federation (the populations range over them). Default 3.</summary>
    public int Hospitals { get; init; } = 3;

    /// <summary>Records over all hospitals. Default 3,000.</summary>
    public int Samples { get; init; } = 3000;

    /// <summary>Share of a hospital's records held out for validation. Default 0.2.</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>Passes over the local training records per round. Default 2.</summary>
    public int LocalEpochs { get; init; } = 2;

    /// <summary>Default 1e-3.</summary>
    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>Default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Width of both hidden layers. Default 32.</summary>
    public int HiddenSize { get; init; } = 32;

    /// <summary>Seed of the records (combined with the hospital index) and the shuffling. Default 1.</summary>
    public int Seed { get; init; } = 1;
}
