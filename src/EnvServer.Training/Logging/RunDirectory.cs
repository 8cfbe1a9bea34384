using System.Globalization;
using System.Text.Json;

namespace EnvServer.Training.Logging;

/// <summary>
/// runs/{run_name}/ as CleanRL lays it out: the metrics of a run as a TensorBoard event file and as JSON
/// lines and CSV (one row per scalar: name, step, value, wall time), the command that produced it, and the model.
/// </summary>
internal sealed class RunDirectory : IDisposable
{
    // A metric can be NaN (explained variance of constant returns); JSON has no NaN, Python's json writes it as NaN.
    private static readonly JsonSerializerOptions JsonOptions = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private readonly StreamWriter _jsonLines;
    private readonly StreamWriter _csv;
    private readonly TensorBoardWriter _tensorBoard;

    private RunDirectory(string path)
    {
        Path = path;
        Directory.CreateDirectory(path);
        _tensorBoard = new TensorBoardWriter(path);
        _jsonLines = new StreamWriter(System.IO.Path.Combine(path, "metrics.jsonl")) { AutoFlush = true };
        _csv = new StreamWriter(System.IO.Path.Combine(path, "metrics.csv")) { AutoFlush = true };
        _csv.WriteLine("name,step,value,wall_time");
    }

    public string Path { get; }

    public string ModelPath => System.IO.Path.Combine(Path, "model.safetensors");

    /// <summary>The agent of the best deterministic evaluation so far.</summary>
    public string BestModelPath => System.IO.Path.Combine(Path, "best.safetensors");

    public static RunDirectory Create(string root, string runName, IEnumerable<string> command)
    {
        var run = new RunDirectory(System.IO.Path.Combine(root, runName));
        File.WriteAllText(System.IO.Path.Combine(run.Path, "command.txt"), string.Join(' ', command) + Environment.NewLine);
        return run;
    }

    public void Write(Metric metric)
    {
        _tensorBoard.Write(metric);
        var wallTime = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        _jsonLines.WriteLine(JsonSerializer.Serialize(new { name = metric.Name, step = metric.Step, value = metric.Value, wall_time = wallTime }, JsonOptions));
        _csv.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{metric.Name},{metric.Step},{metric.Value:R},{wallTime:0.000}"));
    }

    public void Dispose()
    {
        _jsonLines.Dispose();
        _csv.Dispose();
        _tensorBoard.Dispose();
    }
}
