using System.Globalization;
using System.Text;

namespace EnvServer.Agent.Runs;

/// <summary>
/// The markdown table printed after a run: one row per environment and task, in the order played, with the mean
/// grader score and return over its episodes and how the actions came about.
/// </summary>
internal static class ScoreTable
{
    public static string Markdown(IReadOnlyList<EpisodeResult> results)
    {
        var text = new StringBuilder();
        text.Append("| env | task | episodes | mean score | mean return | mean steps | model actions | fallbacks | corrections | retries | errors |\n");
        text.Append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var group in results.GroupBy(r => (r.Environment, r.Task)))
        {
            var episodes = group.ToArray();
            var steps = episodes.Sum(e => e.Steps);
            text.Append($"| {group.Key.Environment} | {group.Key.Task} | {episodes.Length} | {F(episodes.Average(e => e.Score), "0.000")} | ")
                .Append($"{F(episodes.Average(e => e.Return), "0.00")} | {F(episodes.Average(e => e.Steps), "0.0")} | ")
                .Append($"{episodes.Sum(e => e.ModelActions)}/{steps} | {episodes.Sum(e => e.Fallbacks)} | {episodes.Sum(e => e.Corrections)} | ")
                .Append($"{episodes.Sum(e => e.Retries)} | {episodes.Count(e => e.Error is not null)} |\n");
        }

        return text.ToString();
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
