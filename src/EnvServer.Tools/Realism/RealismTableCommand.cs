using System.Globalization;
using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Tools.Realism;

/// <summary>
/// Prints docs/environments.md's realism table: each environment's baseline policy (its spec's <c>Baseline</c>) played on
/// every task with the realism settings off and with each one on alone, averaged over seeds 0..n−1: mean return, mean
/// grader score and mean cumulative safety cost. Usage: <c>realism-table [seeds]</c> (default 10).
/// </summary>
internal sealed class RealismTableCommand : IToolCommand
{
    private const int DefaultSeeds = 10;

    /// <summary>Each setting alone at a level that matters but keeps the patient recognisable.</summary>
    private static readonly (string Label, string Option, object Value)[] Settings =
    [
        ("off", "", 0),
        ("parameter_variation 0.2", Environments.Core.Realism.ParameterVariation, 0.2),
        ("observation_noise 0.2", Environments.Core.Realism.ObservationNoise, 0.2),
        ("missing_rate 0.5", Environments.Core.Realism.MissingRate, 0.5),
        ("measurement_interval 4", Environments.Core.Realism.MeasurementInterval, 4),
        ("measurement_interval 4, irregular", Environments.Core.Realism.MeasurementInterval, 4),
    ];

    public string Name => "realism-table";

    public string Summary => "baseline returns, grades and safety costs per environment, task and realism setting";

    public int Run(IReadOnlyList<string> args, TextWriter output)
    {
        var seeds = args.Count > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) && n > 0 ? n : DefaultSeeds;
        var c = CultureInfo.InvariantCulture;
        output.WriteLine($"Baseline policy of each environment, mean over seeds 0–{seeds - 1}: return / grader score / cumulative cost.");
        output.WriteLine();
        output.WriteLine("| environment | task | baseline | setting | mean return | mean grade | mean cumulative cost |");
        output.WriteLine("|---|---|---|---|---:|---:|---:|");
        foreach (var spec in EnvironmentRegistry.Shipped.All)
        {
            var listed = spec.ResetOptions.Select(f => f.Name).ToHashSet();
            foreach (var task in spec.Tasks)
            {
                foreach (var (label, option, value) in Settings)
                {
                    if (option != "" && !listed.Contains(option)) continue;
                    var episodes = Enumerable.Range(0, seeds).Select(seed => Play(spec, task.Id, seed, label, option, value)).ToArray();
                    output.WriteLine(string.Create(c,
                        $"| {spec.Id} | `{task.Id}` | {spec.Baseline!.Name} | {label} | {episodes.Average(e => e.Return):G6} | " +
                        $"{episodes.Average(e => e.Grade):F3} | {episodes.Average(e => e.Cost):G4} |"));
                }
            }
        }

        return 0;
    }

    private static (double Return, double Grade, double Cost) Play(EnvironmentSpec spec, string taskId, int seed, string label, string option, object value)
    {
        var options = new Dictionary<string, JsonElement>();
        if (option != "") options[option] = JsonSerializer.SerializeToElement(value);
        if (label.EndsWith("irregular", StringComparison.Ordinal))
        {
            options[Environments.Core.Realism.MeasurementTiming] = JsonSerializer.SerializeToElement(Environments.Core.Realism.Irregular);
        }

        using var environment = spec.Factory();
        var result = environment.Reset(new ResetOptions { TaskId = taskId, Seed = seed, Options = options });
        var total = 0.0;
        while (!result.Done)
        {
            var observation = Parse(result.Observation);
            result = environment.Step(JsonSerializer.SerializeToElement(spec.Baseline!.Act(observation)));
            total += result.Reward ?? 0;
        }

        var metadata = Parse(result.Metadata);
        return (total, metadata.GetProperty("grader_score").GetDouble(), metadata.GetProperty("cumulative_cost").GetDouble());
    }

    private static JsonElement Parse(IJsonFields fields)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            fields.WriteFields(writer);
            writer.WriteEndObject();
        }

        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }
}
