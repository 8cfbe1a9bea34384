using System.Globalization;
using System.Text.Json;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Reports;

/// <summary>What an evaluation found: each episode's return and grade, and their mean and spread.</summary>
internal sealed record EvaluationSummary(string Environment, string Task, string Checkpoint, bool Deterministic, IReadOnlyList<EpisodeEnd> Episodes)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>Fields of the episodes CSV that are not taken from the final metadata.</summary>
    private static readonly string[] EpisodeColumns = ["episode", "seed", "return", "length", "grader_score"];

    public double MeanReturn => Episodes.Average(e => e.Return);

    /// <summary>Population standard deviation, as numpy's default.</summary>
    public double StdReturn => Math.Sqrt(Episodes.Average(e => (e.Return - MeanReturn) * (e.Return - MeanReturn)));

    public double? MeanGraderScore => Episodes.Any(e => e.GraderScore is not null) ? Episodes.Where(e => e.GraderScore is not null).Average(e => e.GraderScore!.Value) : null;

    public string Mode => Deterministic ? "deterministic" : "stochastic";

    /// <summary>The line the console ends with.</summary>
    public string Headline()
    {
        var grade = MeanGraderScore is { } g ? string.Create(CultureInfo.InvariantCulture, $", mean grader_score {g:0.####}") : "";
        return string.Create(CultureInfo.InvariantCulture, $"{Environment}/{Task}: {Episodes.Count} episodes ({Mode}), mean return {MeanReturn:0.###} ± {StdReturn:0.###}{grade}");
    }

    /// <summary>One row per episode: episode, seed, return, length, grader_score, then the scalars of its final metadata.</summary>
    public void WriteEpisodesCsv(TextWriter output, bool withMetadata)
    {
        var metadata = withMetadata ? JsonColumns.Of(Episodes.Select(e => e.Metadata), EpisodeColumns.ToHashSet()) : null;
        output.WriteLine(string.Join(',', EpisodeColumns.Concat(metadata?.Names ?? [])));
        for (var i = 0; i < Episodes.Count; i++)
        {
            var e = Episodes[i];
            var row = string.Create(CultureInfo.InvariantCulture, $"{i},{e.Seed},{e.Return:R},{e.Length},{e.GraderScore:R}");
            output.WriteLine(metadata is null ? row : string.Join(',', [row, .. metadata.Cells(e.Metadata)]));
        }
    }

    public string ToJson() => JsonSerializer.Serialize(
        new
        {
            environment = Environment,
            task = Task,
            checkpoint = Checkpoint,
            mode = Mode,
            episodes = Episodes.Count,
            mean_return = MeanReturn,
            std_return = StdReturn,
            min_return = Episodes.Min(e => e.Return),
            max_return = Episodes.Max(e => e.Return),
            mean_length = Episodes.Average(e => e.Length),
            mean_grader_score = MeanGraderScore,
            results = Episodes.Select((e, i) => new { episode = i, seed = e.Seed, @return = e.Return, length = e.Length, grader_score = e.GraderScore }),
        },
        JsonOptions);
}
