using EnvServer.Training.Algorithms;
using EnvServer.Training.Checkpoints;
using EnvServer.Training.NeuralNetworks;

namespace EnvServer.Training.Federated.RiskClassifier;

/// <summary>The seed-001 classifier: an MLP (ReLU) from the six standardised features to one logit of high risk,
/// trained with binary cross-entropy on minibatches with Adam.</summary>
internal sealed class RiskMlp
{
    private const string Prefix = "net.";

    public RiskMlp(int hiddenSize, Random random)
    {
        Network = new Mlp([ClinicalRecords.FeatureNames.Length, hiddenSize, hiddenSize, 1], ActivationKind.Relu).InitializeOrthogonal(1f, random);
    }

    public Mlp Network { get; }

    public static RiskMlp FromModel(FederatedModel model)
    {
        var hidden = model.Tensors.First(t => t.Name == Prefix + "0.weight").Shape[0];
        var mlp = new RiskMlp(hidden, new Random(0));
        foreach (var parameter in mlp.Network.Parameters)
        {
            var tensor = model.Tensors.FirstOrDefault(t => t.Name == Prefix + parameter.Name && t.Shape.SequenceEqual(parameter.Shape))
                ?? throw new InvalidDataException($"The model has no tensor '{Prefix}{parameter.Name}' of shape [{string.Join(", ", parameter.Shape)}].");
            tensor.Data.CopyTo(parameter.Value, 0);
        }

        return mlp;
    }

    /// <summary>The weights (copied) as a model without input statistics: inputs are standardised with fixed reference values.</summary>
    public FederatedModel ToModel() => new(
        Network.Parameters.Select(p => new NamedTensor(Prefix + p.Name, p.Shape, (float[])p.Value.Clone())).ToArray(),
        new Dictionary<string, string> { ["model"] = "risk_mlp", ["features"] = string.Join(',', ClinicalRecords.FeatureNames) },
        null);

    public double[] Probabilities(IReadOnlyList<ClinicalRecord> records)
    {
        var logits = Network.Forward(Inputs(records, Enumerable.Range(0, records.Count).ToArray()));
        return Enumerable.Range(0, records.Count).Select(i => Sigmoid(logits[i, 0])).ToArray();
    }

    /// <summary>One pass over <paramref name="records"/> in shuffled minibatches; returns the mean cross-entropy.</summary>
    public double TrainEpoch(IReadOnlyList<ClinicalRecord> records, Adam optimizer, ProximalTerm? proximal, int batchSize, Random random)
    {
        var order = Enumerable.Range(0, records.Count).ToArray();
        random.Shuffle(order);
        var loss = 0.0;
        for (var start = 0; start < order.Length; start += batchSize)
        {
            var batch = order.AsSpan(start, Math.Min(batchSize, order.Length - start)).ToArray();
            Network.ZeroGradients();
            var logits = Network.Forward(Inputs(records, batch));
            var gradient = new Matrix(batch.Length, 1);
            for (var j = 0; j < batch.Length; j++)
            {
                // d/dz of −[y·log σ(z) + (1−y)·log(1−σ(z))] is σ(z) − y.
                var p = Sigmoid(logits[j, 0]);
                var y = records[batch[j]].HighRisk ? 1.0 : 0.0;
                gradient[j, 0] = (float)((p - y) / batch.Length);
                loss -= Math.Log(Math.Clamp(y > 0 ? p : 1 - p, 1e-12, 1));
            }

            Network.Backward(gradient);
            proximal?.AddGradient();
            optimizer.Step();
        }

        return loss / records.Count;
    }

    private static Matrix Inputs(IReadOnlyList<ClinicalRecord> records, int[] rows)
    {
        var inputs = new Matrix(rows.Length, ClinicalRecords.FeatureNames.Length);
        for (var r = 0; r < rows.Length; r++)
        {
            var features = records[rows[r]].Features;
            for (var k = 0; k < features.Length; k++) inputs[r, k] = (features[k] - ClinicalRecords.ReferenceMean[k]) / ClinicalRecords.ReferenceScale[k];
        }

        return inputs;
    }

    private static double Sigmoid(float z) => 1 / (1 + Math.Exp(-z));
}
