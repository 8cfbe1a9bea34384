using EnvServer.Training.Federated.RiskClassifier;

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
}
