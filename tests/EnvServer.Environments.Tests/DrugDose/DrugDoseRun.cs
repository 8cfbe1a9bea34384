using System.Text.Json;
using EnvServer.Environments.Core;
using EnvServer.Environments.DrugDose;
using EnvServer.Environments.Tests.Support;
using static EnvServer.Environments.Tests.Support.EpisodeJson;

namespace EnvServer.Environments.Tests.DrugDose;

/// <summary>Shorthand for driving a drug-dose episode and reading its JSON.</summary>
internal static class DrugDoseRun
{
    public const string FixedPatient = "fixed_patient";
    public const string VariablePatient = "variable_patient";
    public const string PkpdToxicity = "pkpd_toxicity";

    public static TheoryData<string> AllTasks => new() { FixedPatient, VariablePatient, PkpdToxicity };

    public static double Concentration(StepResult result) => Observation(result).GetProperty("concentration").GetDouble();

    public static double[] Features(StepResult result) =>
        Observation(result).GetProperty("features").EnumerateArray().Select(e => e.GetDouble()).ToArray();

    /// <summary>The seed's reward for a concentration against the [2, 3] window, computed independently.</summary>
    public static double WindowReward(double concentration) =>
        concentration < 2.0 ? concentration - 2.0 : concentration > 3.0 ? 3.0 - concentration : 1.0;
}
