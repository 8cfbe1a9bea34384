using EnvServer.Environments.DrugDose;
using EnvServer.Environments.Tests.Support;
using static EnvServer.Environments.Tests.DrugDose.DrugDoseRun;
using static EnvServer.Environments.Tests.Support.EpisodeJson;

namespace EnvServer.Environments.Tests.DrugDose;

public class DrugDoseBaselinePoliciesTests
{
    [Theory]
    [InlineData("{\"concentration\": 0.0, \"target_low\": 2.0, \"target_high\": 3.0, \"measurement_age\": 0}", 2.5)]
    [InlineData("{\"concentration\": 2.2, \"target_low\": 2.0, \"target_high\": 3.0, \"measurement_age\": 0}", 0.3)]
    [InlineData("{\"concentration\": 3.4, \"target_low\": 2.0, \"target_high\": 3.0, \"measurement_age\": 0}", 0.0)]
    [InlineData("{\"concentration\": 0.5, \"target_low\": 2.0, \"target_high\": 3.0, \"measurement_age\": 2}", 0.125)]
    public void RefillToMidWindow_FromObservation_RefillsFreshReadingsAndMaintainsStaleOnes(string observation, double dose) =>
        Assert.Equal(dose, DrugDoseBaselinePolicies.RefillToMidWindow(JsonText.ParseText(observation)), 12);

    [Theory]
    [InlineData(FixedPatient)]
    [InlineData(VariablePatient)]
    public void RefillToMidWindow_ExactlyObservedTasks_KeepsTheConcentrationInTheWindow(string task)
    {
        using var environment = new DrugDoseEnvironment();
        var result = environment.Reset(Options(task, seed: 7));
        var inWindow = 0;
        while (!result.Done)
        {
            result = environment.Step(JsonText.ParseText($"{{\"dose\": {DrugDoseBaselinePolicies.RefillToMidWindow(Observation(result)).ToString("R", System.Globalization.CultureInfo.InvariantCulture)}}}"));
            if (Observation(result).GetProperty("in_window").GetBoolean()) inWindow++;
        }

        Assert.True(inWindow >= 95, $"{inWindow} of 100 steps in the window");
    }
}
