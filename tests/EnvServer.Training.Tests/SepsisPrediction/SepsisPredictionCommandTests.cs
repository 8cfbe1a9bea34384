using EnvServer.Training.SepsisPrediction;

namespace EnvServer.Training.Tests.SepsisPrediction;

public sealed class SepsisPredictionCommandTests
{
    [Fact]
    public void Run_SmallSyntheticCohort_WritesMetricsFiguresAndReport()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"sepsis-run-{Guid.NewGuid():N}");
        try
        {
            var output = new StringWriter();
            var code = SepsisPredictionCommand.Run(
                ["--synthetic", "150", "--seed", "4", "--models", "logistic", "--balance", "none,gan", "--gan-steps", "5", "--gan-batch", "8", "--out", directory], output);

            Assert.Equal(0, code);
            var metrics = File.ReadAllLines(Path.Combine(directory, "metrics.csv"));
            Assert.Equal(SepsisReport.MetricsHeader, metrics[0]);
            Assert.Equal(["logistic,none", "logistic,gan", "constant,-"], metrics[1..].Select(line => string.Join(',', line.Split(',')[..2])));
            foreach (var figure in new[] { "roc_none.png", "pr_none.png", "roc_gan.png", "pr_gan.png", "gan_losses.png" })
            {
                Assert.Equal((byte)0x89, File.ReadAllBytes(Path.Combine(directory, figure))[0]);
            }

            var report = File.ReadAllText(Path.Combine(directory, "report.md"));
            Assert.Contains("synthetic cohort of 150 patients, seed 4 (not real patient data)", report);
            Assert.Contains("| logistic | gan |", output.ToString());
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Run_DataAndSynthetic_ErrorSaysChooseOne()
    {
        var error = Assert.Throws<ArgumentException>(() => SepsisPredictionCommand.Run(["--synthetic", "10", "--data", "somewhere"], TextWriter.Null));
        Assert.Contains("--synthetic", error.Message);
    }

    [Fact]
    public void Run_UnknownModel_ErrorListsModels()
    {
        var error = Assert.Throws<ArgumentException>(() => SepsisPredictionCommand.Run(["--synthetic", "10", "--models", "xgboost"], TextWriter.Null));
        Assert.Contains("--models xgboost: expected one of logistic, forest, boosting, svm", error.Message);
    }

    [Fact]
    public void Run_MaxMissingAboveOne_ErrorNamesOption()
    {
        var error = Assert.Throws<ArgumentException>(() => SepsisPredictionCommand.Run(["--synthetic", "10", "--max-missing", "1.5"], TextWriter.Null));
        Assert.Contains("--max-missing", error.Message);
    }
}
