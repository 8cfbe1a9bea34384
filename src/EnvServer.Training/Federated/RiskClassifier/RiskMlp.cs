using EnvServer.Training.Algorithms;
using EnvServer.Training.Networks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EnvServer.Training.Federated.RiskClassifier;

/// <summary>The seed-001 classifier: an MLP (ReLU) from the six standardised features to one logit of high risk,
/// trained with binary cross-entropy on minibatches with Adam. Its tensors are <c>net.0.weight</c>, ..., <c>net.4.bias</c>,
/// as a PyTorch module with <c>self.net = nn.Sequential(...)</c> names them.</summary>
internal sealed class RiskMlp : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _net;

    /// <summary>Orthogonal weights (gain √2, 1 on the logit) from <paramref name="seed"/>.</summary>
    public RiskMlp(int hiddenSize, long seed)
        : base(nameof(RiskMlp))
    {
        _net = ReluMlp.Create([ClinicalRecords.FeatureNames.Length, hiddenSize, hiddenSize, 1], outputGain: 1, seed);
        register_module("net", _net);
    }

    public override Tensor forward(Tensor input) => _net.forward(input);

    public static RiskMlp FromModel(FederatedModel model)
    {
        var first = model.Tensors.FirstOrDefault(t => t.Name == "net.0.weight") ?? throw new InvalidDataException("The model has no tensor 'net.0.weight'.");
        var mlp = new RiskMlp(first.Shape[0], seed: 0);
        ModuleTensors.Import(mlp, model.Tensors, source: "the model");
        return mlp;
    }

    /// <summary>The weights (copied) as a model without input statistics: inputs are standardised with fixed reference values.</summary>
    public FederatedModel ToModel() => new(
        ModuleTensors.Export(this),
        new Dictionary<string, string> { ["model"] = "risk_mlp", ["features"] = string.Join(',', ClinicalRecords.FeatureNames) },
        null);

    public double[] Probabilities(IReadOnlyList<ClinicalRecord> records)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return forward(Inputs(records)).sigmoid().reshape(-1).to_type(ScalarType.Float64).data<double>().ToArray();
    }

    /// <summary>Mean binary cross-entropy of the logits for the records' labels (and FedProx's term when given): the
    /// loss whose gradient one Adam step follows.</summary>
    public static Tensor Loss(Tensor logits, Tensor labels, ProximalTerm? proximal)
    {
        var crossEntropy = nn.functional.binary_cross_entropy_with_logits(logits, labels);
        return proximal is null ? crossEntropy : crossEntropy + proximal.Loss();
    }

    /// <summary>One pass over <paramref name="records"/> in shuffled minibatches; returns the mean cross-entropy.</summary>
    public double TrainEpoch(IReadOnlyList<ClinicalRecord> records, optim.Optimizer optimizer, ProximalTerm? proximal, int batchSize, Random random)
    {
        var order = Enumerable.Range(0, records.Count).ToArray();
        random.Shuffle(order);
        using var scope = NewDisposeScope();
        var inputs = Inputs(records);
        var labels = tensor(records.Select(r => r.HighRisk ? 1f : 0f).ToArray(), [records.Count, 1]);
        var total = 0.0;
        for (var start = 0; start < order.Length; start += batchSize)
        {
            using var step = NewDisposeScope();
            var batch = tensor(order.AsSpan(start, Math.Min(batchSize, order.Length - start)).ToArray().Select(i => (long)i).ToArray());
            var logits = forward(inputs.index_select(0, batch));
            var targets = labels.index_select(0, batch);
            var loss = Loss(logits, targets, proximal);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            total += nn.functional.binary_cross_entropy_with_logits(logits.detach(), targets).item<float>() * batch.shape[0];
        }

        return total / records.Count;
    }

    /// <summary>The records' features standardised with the reference centre and scale, one row per record.</summary>
    private static Tensor Inputs(IReadOnlyList<ClinicalRecord> records)
    {
        var width = ClinicalRecords.FeatureNames.Length;
        var inputs = new float[records.Count * width];
        for (var r = 0; r < records.Count; r++)
        {
            var features = records[r].Features;
            for (var k = 0; k < width; k++) inputs[r * width + k] = (features[k] - ClinicalRecords.ReferenceMean[k]) / ClinicalRecords.ReferenceScale[k];
        }

        return tensor(inputs, [records.Count, width]);
    }
}
