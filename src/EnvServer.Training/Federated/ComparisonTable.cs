using System.Globalization;
using System.Text;

namespace EnvServer.Training.Federated;

/// <summary>
/// Returns of every compared model on the same held-out test patients of every cohort, and the two questions the
/// comparison asks: how close the federated global model comes to standalone training on the pooled patients (ratio
/// of mean returns over all test patients), and whether it beats a hospital's own model on the other hospitals'
/// patients (for each hospital h: its alone-model's mean return on the cohorts other than h, against the federated
/// model's on the same cohorts, both averaged over h).
/// </summary>
/// <param name="cohorts">The test cohorts, in column order.</param>
/// <param name="federated">The federated model's row name, e.g. "federated (fedavg)".</param>
internal sealed class ComparisonTable(IReadOnlyList<string> cohorts, string federated)
{
    public const string Standalone = "standalone (pooled)";

    private readonly Dictionary<(string Model, string Cohort), double[]> _returns = [];
    private readonly Dictionary<(string Model, string Cohort), double[]> _grades = [];
    private readonly List<string> _models = [];

    public IReadOnlyList<string> Cohorts => cohorts;

    public IReadOnlyList<string> Models => _models;

    public static string Alone(string hospital) => $"{hospital} alone";

    public void Add(string model, string cohort, double[] returns, double[] grades)
    {
        if (!_models.Contains(model)) _models.Add(model);
        _returns[(model, cohort)] = returns;
        _grades[(model, cohort)] = grades;
    }

    public double Mean(string model, string cohort) => _returns[(model, cohort)].Average();

    /// <summary>Over every test patient of the given cohorts (all of them by default).</summary>
    public double Mean(string model, IEnumerable<string>? among = null) => (among ?? cohorts).SelectMany(c => _returns[(model, c)]).Average();

    public double MeanGrade(string model) => cohorts.SelectMany(c => _grades[(model, c)]).DefaultIfEmpty(double.NaN).Average();

    /// <summary>The federated model's mean return over all test patients divided by the standalone model's.</summary>
    public double FederatedOverStandalone => Mean(federated) / Mean(Standalone);

    /// <summary>For the hospitals that trained alone: the mean over h of (alone-model h, federated model) on cohorts other than h.</summary>
    public (double Alone, double Federated) OnOtherHospitals(IReadOnlyList<string> hospitals)
    {
        var alone = hospitals.Average(h => Mean(Alone(h), cohorts.Where(c => c != h)));
        var together = hospitals.Average(h => Mean(federated, cohorts.Where(c => c != h)));
        return (alone, together);
    }

    public string Markdown(IReadOnlyList<string> hospitals)
    {
        var text = new StringBuilder();
        text.AppendLine($"| model | {string.Join(" | ", cohorts)} | all test patients | other hospitals' patients | mean grader score |");
        text.AppendLine($"|---|{string.Concat(Enumerable.Repeat("---:|", cohorts.Count + 3))}");
        foreach (var model in _models)
        {
            var home = hospitals.FirstOrDefault(h => Alone(h) == model);
            var others = home is null ? "" : Number(Mean(model, cohorts.Where(c => c != home)));
            text.AppendLine($"| {model} | {string.Join(" | ", cohorts.Select(c => Number(Mean(model, c))))} | {Number(Mean(model))} | {others} | {MeanGrade(model).ToString("0.000", CultureInfo.InvariantCulture)} |");
        }

        return text.ToString();
    }

    public string Csv()
    {
        var text = new StringBuilder("model,cohort,episode,return,grader_score\n");
        foreach (var ((model, cohort), returns) in _returns)
        {
            for (var i = 0; i < returns.Length; i++)
            {
                var grade = i < _grades[(model, cohort)].Length ? _grades[(model, cohort)][i].ToString("R", CultureInfo.InvariantCulture) : "";
                text.Append(CultureInfo.InvariantCulture, $"{model},{cohort},{i},{returns[i]:R},{grade}\n");
            }
        }

        return text.ToString();
    }

    private static string Number(double value) => value.ToString("0.000e0", CultureInfo.InvariantCulture);
}
