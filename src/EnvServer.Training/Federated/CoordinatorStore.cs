using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using EnvServer.Training.Checkpoints;

namespace EnvServer.Training.Federated;

/// <summary>
/// The coordinator's directory: global_round_NNN.safetensors after every round (round 0 is the initial model),
/// strategy_state.safetensors (FedAdam's moments), rounds.jsonl and rounds.csv (one row per client and metric and an
/// aggregated row under client "global"), rejections.jsonl. Files are appended to or replaced atomically, so a
/// restarted coordinator resumes after the last round it persisted.
/// </summary>
internal sealed partial class CoordinatorStore
{
    private readonly object _gate = new();

    public CoordinatorStore(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        if (!File.Exists(CsvPath)) File.WriteAllText(CsvPath, "round,client,name,value,wall_time" + Environment.NewLine);
    }

    public string Directory { get; }

    private string CsvPath => Path.Combine(Directory, "rounds.csv");

    public string GlobalPath(int round) => Path.Combine(Directory, string.Create(CultureInfo.InvariantCulture, $"global_round_{round:000}.safetensors"));

    /// <summary>The last persisted global model and its round, or null for a fresh directory.</summary>
    public (int Round, FederatedModel Model)? Latest()
    {
        var latest = System.IO.Directory.EnumerateFiles(Directory, "global_round_*.safetensors")
            .Select(path => (Path: path, Match: GlobalFileName().Match(Path.GetFileName(path))))
            .Where(f => f.Match.Success)
            .Select(f => (f.Path, Round: int.Parse(f.Match.Groups[1].Value, CultureInfo.InvariantCulture)))
            .OrderByDescending(f => f.Round)
            .FirstOrDefault();
        return latest.Path is null ? null : (latest.Round, FederatedModelFile.Load(latest.Path));
    }

    public void SaveGlobal(int round, FederatedModel model, FederatedStrategy strategy) =>
        FederatedModelFile.Save(GlobalPath(round), model, new Dictionary<string, string>
        {
            ["federated_round"] = round.ToString(CultureInfo.InvariantCulture),
            ["federated_strategy"] = strategy.ToString().ToLowerInvariant(),
        });

    public void SaveStrategyState(int round, IReadOnlyList<NamedTensor> state)
    {
        if (state.Count == 0) return;
        var path = Path.Combine(Directory, "strategy_state.safetensors");
        SafeTensors.Save(path + ".tmp", state, new Dictionary<string, string> { ["federated_round"] = round.ToString(CultureInfo.InvariantCulture) });
        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>The strategy state saved with <paramref name="round"/>; empty if there is none for that round.</summary>
    public IReadOnlyList<NamedTensor> LoadStrategyState(int round)
    {
        var path = Path.Combine(Directory, "strategy_state.safetensors");
        if (!File.Exists(path)) return [];
        var (tensors, metadata) = SafeTensors.Load(path);
        return metadata.GetValueOrDefault("federated_round") == round.ToString(CultureInfo.InvariantCulture) ? tensors : [];
    }

    public void WriteMetric(int round, string client, string name, double value)
    {
        var wallTime = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        lock (_gate)
        {
            File.AppendAllText(Path.Combine(Directory, "rounds.jsonl"),
                JsonSerializer.Serialize(new { round, client, name, value, wall_time = wallTime }) + Environment.NewLine);
            File.AppendAllText(CsvPath, string.Create(CultureInfo.InvariantCulture, $"{round},{client},{name},{value:R},{wallTime:0.000}{Environment.NewLine}"));
        }
    }

    public void WriteRejection(int round, string client, string field, string error)
    {
        lock (_gate)
        {
            File.AppendAllText(Path.Combine(Directory, "rejections.jsonl"),
                JsonSerializer.Serialize(new { round, client, field, error, wall_time = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0 }) + Environment.NewLine);
        }
    }

    [GeneratedRegex(@"^global_round_(\d+)\.safetensors$")]
    private static partial Regex GlobalFileName();
}
