using System.Globalization;

namespace EnvServer.Agent.Runs;

/// <summary>
/// The structured lines the seed's evaluator reads, exactly in its format:
/// <code>
/// [START] task=&lt;task&gt; env=&lt;env&gt; model=&lt;model&gt;
/// [STEP] step=&lt;n&gt; action=&lt;action&gt; reward=&lt;0.00&gt; done=&lt;true|false&gt; error=&lt;msg|null&gt;
/// [END] success=&lt;true|false&gt; steps=&lt;n&gt; score=&lt;0.000&gt; rewards=&lt;r1,r2,...&gt;
/// </code>
/// Actions are compact JSON and errors one line. An episode's lines go out together when it ends (so concurrent
/// episodes never interleave), or as they happen when <paramref name="live"/>.
/// </summary>
internal sealed class EpisodeLog(TextWriter output, bool live)
{
    private readonly List<string> _pending = [];

    public void Start(string task, string environment, string model) => Write($"[START] task={task} env={environment} model={model}");

    public void Step(int step, string action, double reward, bool done, string? error) =>
        Write($"[STEP] step={step} action={OneLine(action)} reward={Two(reward)} done={Bool(done)} error={(error is null ? "null" : OneLine(error))}");

    public void End(bool success, int steps, double score, IReadOnlyList<double> rewards)
    {
        Write($"[END] success={Bool(success)} steps={steps} score={score.ToString("0.000", CultureInfo.InvariantCulture)} rewards={string.Join(',', rewards.Select(Two))}");
        if (live) return;
        lock (output)
        {
            foreach (var line in _pending) output.WriteLine(line);
            output.Flush();
        }

        _pending.Clear();
    }

    private void Write(string line)
    {
        if (!live)
        {
            _pending.Add(line);
            return;
        }

        lock (output)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    private static string Two(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Bool(bool value) => value ? "true" : "false";

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
