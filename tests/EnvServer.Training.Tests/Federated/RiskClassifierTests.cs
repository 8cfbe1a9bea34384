using EnvServer.Training.Algorithms;
using EnvServer.Training.Federated.RiskClassifier;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EnvServer.Training.Tests.Federated;

public sealed class RiskClassifierTests
{
    [Fact]
    public void Auc_HandRankedScoresWithATie_CountsPairsAndHalvesTies()
    {
        // Positives 0.9, 0.5; negatives 0.5, 0.1: pairs (0.9>0.5), (0.9>0.1), (0.5=0.5 → ½), (0.5>0.1) → 3.5/4.
        var auc = BinaryMetrics.Auc([0.9, 0.5, 0.5, 0.1], [true, true, false, false]);

        Assert.Equal(0.875, auc, 12);
        Assert.True(double.IsNaN(BinaryMetrics.Auc([0.2, 0.3], [true, true])));
    }

    [Fact]
    public void Hospital_ThreeHospitals_AreNonIidAndEachIsReproducible()
    {
        var hospitals = Enumerable.Range(0, 3).Select(k => ClinicalRecords.Hospital(k, 3, 2000, seed: 4)).ToArray();
        var prevalence = hospitals.Select(h => h.Average(r => r.HighRisk ? 1.0 : 0.0)).ToArray();
        var meanAge = hospitals.Select(h => h.Average(r => r.Features[0])).ToArray();

        Assert.True(prevalence[0] < 0.2 && prevalence[1] > prevalence[0] + 0.1 && prevalence[2] > prevalence[1] + 0.1, string.Join(", ", prevalence));
        Assert.True(meanAge[0] + 20 < meanAge[2], string.Join(", ", meanAge));
        Assert.Equal(hospitals[1].Select(r => r.Features[3]), ClinicalRecords.Hospital(1, 3, 2000, seed: 4).Select(r => r.Features[3]));
        Assert.NotEqual(hospitals[1].Select(r => r.Features[3]), ClinicalRecords.Hospital(1, 3, 2000, seed: 5).Select(r => r.Features[3]));
    }

    [Fact]
    public async Task FitAsync_LocalEpochs_LowerTheValidationLoss()
    {
        var trainer = new RiskClassifierTrainer(new RiskClientOptions { Hospital = 1, Hospitals = 3, Samples = 3000, LocalEpochs = 5, LearningRate = 3e-3f });
        var initial = await trainer.InitializeAsync(seed: 1, CancellationToken.None);

        var fit = await trainer.FitAsync(initial, new Training.Federated.FitTask(1, 1, 0), CancellationToken.None);
        var before = (await trainer.EvaluateAsync(initial, CancellationToken.None)).Metrics["eval/loss"];
        var after = (await trainer.EvaluateAsync(fit.Model, CancellationToken.None)).Metrics["eval/loss"];

        Assert.True(after < before - 0.05, $"validation loss {before:0.000} before, {after:0.000} after");
        Assert.Equal(ClinicalRecords.Size(1, 3, 3000) - 200, fit.NumExamples);
    }

    [Fact]
    public void Loss_TwoRecordsByHand_IsTheMeanCrossEntropyPlusTheProximalTerm()
    {
        using var logits = tensor(new[] { 0f, 2f }, [2, 1]);
        using var labels = tensor(new[] { 1f, 0f }, [2, 1]);
        using var w = new Parameter(tensor(new[] { 1f }));
        using var term = new ProximalTerm([w], mu: 0.1f);
        using (no_grad()) w.add_(3f);

        // −log σ(0) = ln 2 and −log(1 − σ(2)) = ln(1 + e²); their mean, then + 0.1/2·3² = 0.45.
        var crossEntropy = (Math.Log(2) + Math.Log(1 + Math.Exp(2))) / 2;
        Assert.Equal(crossEntropy, RiskMlp.Loss(logits, labels, proximal: null).item<float>(), 5);
        Assert.Equal(crossEntropy + 0.45, RiskMlp.Loss(logits, labels, term).item<float>(), 5);
    }

    [Fact]
    public async Task InitializeAsync_SameSeed_GivesTheSameTensorsUnderPyTorchNames()
    {
        var trainer = new RiskClassifierTrainer(new RiskClientOptions());

        var first = await trainer.InitializeAsync(seed: 4, CancellationToken.None);
        var second = await trainer.InitializeAsync(seed: 4, CancellationToken.None);
        var other = await trainer.InitializeAsync(seed: 5, CancellationToken.None);

        Assert.Equal(["net.0.weight", "net.0.bias", "net.2.weight", "net.2.bias", "net.4.weight", "net.4.bias"], first.Tensors.Select(t => t.Name));
        Assert.Equal(first.Values.SelectMany(v => v), second.Values.SelectMany(v => v));
        Assert.NotEqual(first.Values[0], other.Values[0]);
        using var mlp = RiskMlp.FromModel(first);
        Assert.Equal(first.Values.SelectMany(v => v), mlp.ToModel().Values.SelectMany(v => v));
    }
}
