using System.Text.Json;
using EnvServer.Environments.Core;
using EnvServer.Environments.Polypharmacy;
using EnvServer.Environments.Tests.Support;
using static EnvServer.Environments.Tests.Support.EpisodeJson;

namespace EnvServer.Environments.Tests.Polypharmacy;

/// <summary>Shorthand for driving polypharmacy episodes, hand-built patients and reading the JSON they write.</summary>
internal static class PolypharmacyRun
{
    public const string Easy = "easy_screening";
    public const string Medium = "budgeted_screening";
    public const string Hard = "complex_tradeoff";

    public static TheoryData<string> AllTasks => new() { Easy, Medium, Hard };

    /// <summary>A patient of the given drugs at their default doses.</summary>
    public static PatientRecord Patient(string taskId, string[] conditions, params string[] drugIds) =>
        new("T001", taskId, 80, "F", conditions, "normal", "normal",
            drugIds.Select(id => new Prescription(id, PolypharmacyCatalog.Shared.Drug(id).DefaultDoseMg)).ToArray());

    public static (PolypharmacyEnvironment Environment, StepResult Reset) Start(PatientRecord patient, string rewardMode = "raw")
    {
        var environment = new PolypharmacyEnvironment();
        var reset = environment.ResetWith(patient, patient.TaskId, rewardMode);
        return (environment, reset);
    }

    public static string? LastError(StepResult result) =>
        Observation(result).GetProperty("last_action_error") is { ValueKind: JsonValueKind.String } e ? e.GetString() : null;

    public static string[] DrugIds(StepResult result) =>
        Observation(result).GetProperty("current_medications").EnumerateArray().Select(m => m.GetProperty("drug_id").GetString()!).ToArray();

    public static double[] Mask(StepResult result) =>
        Observation(result).GetProperty("action_mask").EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static PolypharmacyAction Query(string a, string b) => PolypharmacyAction.Query(a, b);

    public static PolypharmacyAction Stop(string drug) => PolypharmacyAction.Intervene(drug, "stop");

    public static PolypharmacyAction Reduce(string drug) => PolypharmacyAction.Intervene(drug, "dose_reduce");

    public static PolypharmacyAction Monitor(string drug) => PolypharmacyAction.Intervene(drug, "add_monitoring");

    public static PolypharmacyAction Substitute(string drug, string replacement) => PolypharmacyAction.Intervene(drug, "substitute", replacement);

    public static PolypharmacyAction Finish() => PolypharmacyAction.Finish();

    /// <summary>JSON of an action as a client sends it.</summary>
    public static JsonElement Json(string text) => JsonText.ParseText(text);
}
