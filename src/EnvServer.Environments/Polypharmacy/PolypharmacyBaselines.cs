using System.Globalization;
using System.Text;
using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Environments.Polypharmacy;

/// <summary>
/// Runs the baseline agents in-process on every patient of every task (patient_index 0–39, seed = index) and
/// reports mean grader scores: the README table of <c>polypharmacy-baselines</c>.
/// </summary>
public static class PolypharmacyBaselines
{
    /// <summary>The baselines by name; the random agent is seeded with the patient index.</summary>
    public static readonly IReadOnlyList<(string Name, Func<int, IPolypharmacyAgent> Create)> Agents =
    [
        ("finish-immediately", _ => new FinishImmediatelyAgent()),
        ("random-valid", index => new RandomValidAgent(index)),
        ("heuristic", _ => new HeuristicAgent()),
    ];

    /// <summary>Plays one episode and returns its grader score.</summary>
    public static double Play(IPolypharmacyAgent agent, string taskId, int patientIndex, string rewardMode = PolypharmacyRewards.RawMode)
    {
        using var environment = new PolypharmacyEnvironment();
        var result = environment.Reset(new ResetOptions
        {
            TaskId = taskId,
            Seed = patientIndex,
            Options = new Dictionary<string, JsonElement>
            {
                ["patient_index"] = JsonSerializer.SerializeToElement(patientIndex),
                ["reward_mode"] = JsonSerializer.SerializeToElement(rewardMode),
            },
        });
        while (!result.Done) result = environment.Step(agent.Act(ToJson(result.Observation)));
        return environment.GraderScore!.Value;
    }

    /// <summary>Mean grade of an agent over the task's 40 patients.</summary>
    public static double Mean(Func<int, IPolypharmacyAgent> create, string taskId) =>
        Enumerable.Range(0, PolypharmacyTasks.PatientsPerTask).Average(i => Play(create(i), taskId, i));

    /// <summary>The markdown table: one row per agent, one column per task, means to three decimals.</summary>
    public static string MarkdownTable()
    {
        var text = new StringBuilder();
        text.Append("| agent |");
        foreach (var task in PolypharmacyTasks.All) text.Append($" `{task.Id}` |");
        text.Append('\n').Append("|---|").Append(string.Concat(Enumerable.Repeat("---:|", PolypharmacyTasks.All.Count))).Append('\n');
        foreach (var (name, create) in Agents)
        {
            text.Append($"| {name} |");
            foreach (var task in PolypharmacyTasks.All) text.Append(' ').Append(Mean(create, task.Id).ToString("0.000", CultureInfo.InvariantCulture)).Append(" |");
            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>An observation as the wire writes it, for agents that read JSON.</summary>
    public static JsonElement ToJson(IJsonFields fields)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            fields.WriteFields(writer);
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(stream.ToArray());
        return document.RootElement.Clone();
    }
}
