using System.Text.Json;
using System.Text.Json.Nodes;
using EnvServer.Agent.Core.Guardrails;
using EnvServer.Environments.Core;
using EnvServer.Environments.Polypharmacy;

namespace EnvServer.Agent.Tests.Guardrails;

public class ClinicalRulesTests
{
    [Theory]
    [InlineData("{\"concentration\": 3.2, \"target_low\": 2, \"target_high\": 3}", "{\"dose\": 0.4}", "{\"dose\":0}")]
    [InlineData("{\"concentration\": 2.9, \"target_low\": 2, \"target_high\": 3}", "{\"dose\": 0.4}", null)]
    [InlineData("{\"concentration\": 3.2, \"target_low\": 2, \"target_high\": 3}", "{\"dose\": 0}", null)]
    public void Apply_DrugDose_StopsDosingAboveTheWindow(string observation, string action, string? replaced) =>
        AssertRule("drug-dose", "dose_above_window", observation, action, replaced);

    [Theory]
    [InlineData("{\"viral_load\": 50000}", "{\"action\": 0}", "{\"action\":3}")]
    [InlineData("{\"viral_load\": 50000}", "{\"action\": 1}", null)]
    [InlineData("{\"viral_load\": 400}", "{\"action\": 0}", null)]
    public void Apply_Hiv_KeepsTherapyGoingInVirologicalFailure(string observation, string action, string? replaced) =>
        AssertRule("hiv", "treatment_interruption", observation, action, replaced);

    [Theory]
    [InlineData("{\"percent_o2\": \"low\"}", "{\"action\": 4}", "{\"action\":6}")]
    [InlineData("{\"percent_o2\": \"low\"}", "{\"action\": 2}", null)]
    [InlineData("{\"percent_o2\": \"normal\"}", "{\"action\": 0}", null)]
    public void Apply_Sepsis_NeverWithholdsVentilationInHypoxia(string observation, string action, string? replaced) =>
        AssertRule("sepsis", "untreated_hypoxia", observation, action, replaced);

    [Fact]
    public void Apply_PolypharmacyStopOfACriticalDrug_BecomesASubstitutionOrTheHeuristic()
    {
        var cases = 0;
        for (var patient = 0; patient < PolypharmacyTasks.PatientsPerTask; patient++)
        {
            var observation = Observation(patient);
            foreach (var critical in observation.GetProperty("current_medications").EnumerateArray().Where(m => m.GetProperty("critical").GetBoolean()))
            {
                var stop = PolypharmacyAction.Intervene(critical.GetProperty("drug_id").GetString()!, PolypharmacyVocabulary.Stop);
                var (action, hits) = ClinicalRules.Apply(PolypharmacyEnvironment.Spec, observation, JsonNode.Parse(stop.ToJson())!.AsObject());

                Assert.Equal("critical_drug_stop", Assert.Single(hits).Rule);
                Assert.NotEqual(stop.ToJson(), action.ToJsonString());
                var substitutes = critical.GetProperty("substitutes").EnumerateArray().Select(s => s.GetProperty("drug_id").GetString()).ToArray();
                if (action["intervention_type"]?.GetValue<string>() == PolypharmacyVocabulary.Substitute && action["target_drug_id"]!.GetValue<string>() == stop.TargetDrugId)
                {
                    Assert.Contains(action["proposed_new_drug_id"]!.GetValue<string>(), substitutes);
                }
                else
                {
                    Assert.Equal(new HeuristicAgent().Act(observation).ToJson(), action.ToJsonString());
                }

                cases++;
            }
        }

        Assert.True(cases > 5, $"only {cases} critical drugs in complex_tradeoff");
    }

    [Fact]
    public void Apply_PolypharmacyStopOfANonCriticalDrug_IsLeftAlone()
    {
        var observation = Observation(0);
        var ordinary = observation.GetProperty("current_medications").EnumerateArray().First(m => !m.GetProperty("critical").GetBoolean());
        var stop = JsonNode.Parse(PolypharmacyAction.Intervene(ordinary.GetProperty("drug_id").GetString()!, PolypharmacyVocabulary.Stop).ToJson())!.AsObject();

        var (action, hits) = ClinicalRules.Apply(PolypharmacyEnvironment.Spec, observation, stop);

        Assert.Empty(hits);
        Assert.Same(stop, action);
    }

    private static void AssertRule(string environment, string rule, string observation, string action, string? replaced)
    {
        var proposed = JsonNode.Parse(action)!.AsObject();
        var (result, hits) = ClinicalRules.Apply(EnvironmentRegistry.Shipped.Find(environment), JsonElement.Parse(observation), proposed);

        Assert.Equal(replaced ?? proposed.ToJsonString(), result.ToJsonString());
        Assert.Equal(replaced is null ? [] : [rule], hits.Select(h => h.Rule));
    }

    private static JsonElement Observation(int patient)
    {
        using var environment = new PolypharmacyEnvironment();
        var options = new ResetOptions
        {
            TaskId = "complex_tradeoff",
            Seed = 0,
            Options = new Dictionary<string, JsonElement> { ["patient_index"] = JsonSerializer.SerializeToElement(patient) },
        };
        return PolypharmacyBaselines.ToJson(environment.Reset(options).Observation);
    }
}
