using System.Text.Json;
using EnvServer.Environments.Core;
using EnvServer.Environments.Polypharmacy;

namespace EnvServer.Environments.Tests.Polypharmacy;

public class PolypharmacyMaskCheckTests
{
    [Fact]
    public void Check_EveryActionTheMaskAllows_Passes()
    {
        var observation = Observation("complex_tradeoff", 5);
        var mask = observation.GetProperty("action_mask").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var medications = observation.GetProperty("current_medications").EnumerateArray().ToDictionary(m => m.GetProperty("slot").GetInt32());

        var valid = Enumerable.Range(0, ActionMask.Size).Where(i => mask[i] > 0).ToArray();
        Assert.True(valid.Length > 10);
        foreach (var index in valid)
        {
            var (type, a, b, intervention) = ActionMask.Decode(index);
            var action = type switch
            {
                PolypharmacyVocabulary.FinishReview => PolypharmacyAction.Finish(),
                PolypharmacyVocabulary.QueryDdi => PolypharmacyAction.Query(Drug(medications[a]), Drug(medications[b])),
                _ => PolypharmacyAction.Intervene(Drug(medications[a]), intervention!,
                    intervention == PolypharmacyVocabulary.Substitute ? medications[a].GetProperty("substitutes")[0].GetProperty("drug_id").GetString() : null),
            };
            Assert.Null(PolypharmacyMaskCheck.Check(observation, JsonElement.Parse(action.ToJson())));
        }
    }

    [Fact]
    public void Check_ActionsTheEpisodeWouldRefuse_NameTheFieldAndWhatIsValid()
    {
        var observation = Observation("complex_tradeoff", 5);
        var medications = observation.GetProperty("current_medications").EnumerateArray().ToArray();
        var taken = medications.Select(Drug).ToArray();
        var target = medications.First(m => m.GetProperty("valid_interventions").EnumerateArray().Any(v => v.GetString() == PolypharmacyVocabulary.Substitute));
        var substitutes = target.GetProperty("substitutes").EnumerateArray().Select(s => s.GetProperty("drug_id").GetString()).ToArray();
        var outsider = PolypharmacyCatalog.Shared.Drugs.First(d => !taken.Contains(d.Id) && !substitutes.Contains(d.Id)).Id;

        Assert.StartsWith($"drug_id_2: '{outsider}' is not in the current regimen ({string.Join(", ", taken)})", Message(observation, PolypharmacyAction.Query(taken[0], outsider)));
        Assert.Equal($"proposed_new_drug_id: '{outsider}' is not a substitute for {Drug(target)}; choose one of {string.Join(", ", substitutes)}.",
            Message(observation, PolypharmacyAction.Intervene(Drug(target), PolypharmacyVocabulary.Substitute, outsider)));
        Assert.Equal("target_drug_id: This action needs target_drug_id.",
            Message(observation, new PolypharmacyAction(PolypharmacyVocabulary.ProposeIntervention, InterventionType: PolypharmacyVocabulary.Stop)));
        Assert.Equal("drug_id_2: query_ddi needs two different drugs.", Message(observation, PolypharmacyAction.Query(taken[0], taken[0])));
    }

    private static string? Message(JsonElement observation, PolypharmacyAction action) => PolypharmacyMaskCheck.Check(observation, JsonElement.Parse(action.ToJson()));

    private static string Drug(JsonElement medication) => medication.GetProperty("drug_id").GetString()!;

    private static JsonElement Observation(string task, int seed)
    {
        using var environment = new PolypharmacyEnvironment();
        return PolypharmacyBaselines.ToJson(environment.Reset(new ResetOptions { TaskId = task, Seed = seed }).Observation);
    }
}
