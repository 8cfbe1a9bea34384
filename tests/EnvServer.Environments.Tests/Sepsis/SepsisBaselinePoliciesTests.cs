using EnvServer.Environments.Sepsis;
using EnvServer.Environments.Tests.Support;
using static EnvServer.Environments.Tests.Sepsis.SepsisRun;
using static EnvServer.Environments.Tests.Support.EpisodeJson;

namespace EnvServer.Environments.Tests.Sepsis;

public class SepsisBaselinePoliciesTests
{
    [Theory]
    [InlineData("normal", "normal", "normal", 0)]
    [InlineData("high", "normal", "normal", 4)]
    [InlineData("normal", "high", "normal", 4)]
    [InlineData("normal", "normal", "low", 2)]
    [InlineData("normal", "low", "normal", 1)]
    [InlineData("high", "low", "low", 7)]
    [InlineData("low", "normal", "normal", 0)]
    public void TreatAbnormalVitals_FromObservation_TreatsEachAbnormalVital(string heartRate, string bloodPressure, string oxygen, int action)
    {
        var observation = JsonText.ParseText($"{{\"heart_rate\": \"{heartRate}\", \"systolic_bp\": \"{bloodPressure}\", \"percent_o2\": \"{oxygen}\"}}");

        Assert.Equal(action, SepsisBaselinePolicies.TreatAbnormalVitals(observation));
    }

    [Theory]
    [MemberData(nameof(AllTasks), MemberType = typeof(SepsisRun))]
    public void TreatAbnormalVitals_OverManyPatients_GradesAboveNeverTreating(string task)
    {
        double MeanGrade(Func<System.Text.Json.JsonElement, int> policy) => Enumerable.Range(0, 200).Average(seed =>
        {
            using var environment = new SepsisEnvironment();
            var result = environment.Reset(Options(task, seed));
            while (!result.Done) result = environment.Step(JsonText.ParseText($"{{\"action\": {policy(Observation(result))}}}"));
            return environment.GraderScore!.Value;
        });

        var rule = MeanGrade(SepsisBaselinePolicies.TreatAbnormalVitals);
        var never = MeanGrade(_ => 0);

        Assert.True(rule > never, $"treat abnormal vitals {rule:F3} vs never treat {never:F3}");
    }
}
