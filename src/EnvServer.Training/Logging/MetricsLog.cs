namespace EnvServer.Training.Logging;

/// <summary>One scalar of a run, under CleanRL's names (charts/episodic_return, losses/approx_kl, ...).</summary>
internal sealed record Metric(string Name, long Step, double Value);

/// <summary>The scalars a run records, kept in order; writers (JSONL, CSV, TensorBoard) subscribe.</summary>
internal sealed class MetricsLog
{
    private readonly List<Metric> _metrics = [];
    private readonly List<Action<Metric>> _writers = [];

    public IReadOnlyList<Metric> All => _metrics;

    public void Subscribe(Action<Metric> writer) => _writers.Add(writer);

    public void Record(string name, long step, double value)
    {
        var metric = new Metric(name, step, value);
        _metrics.Add(metric);
        foreach (var writer in _writers) writer(metric);
    }

    public IEnumerable<double> Values(string name) => _metrics.Where(m => m.Name == name).Select(m => m.Value);
}
