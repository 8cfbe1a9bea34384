using System.Text.Json;
using EnvServer.Api.Cli;
using EnvServer.Client;
using EnvServer.Environments.Polypharmacy;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Tests.Rollouts;

/// <summary>The mask layout read from polypharmacy's schema decodes every valid index into an action the server accepts, over the wire.</summary>
public sealed class MaskedActionLayoutTests
{
    public static TheoryData<string> Tasks => new(PolypharmacyTasks.EasyScreening, PolypharmacyTasks.BudgetedScreening, PolypharmacyTasks.ComplexTradeoff);

    [Fact]
    public async Task FromSchema_PolypharmacySchema_DecodesAsTheEnvironmentsMask()
    {
        await using var server = await EmbeddedServer.StartAsync();

        var layout = await LayoutAsync(server);

        Assert.Equal(ActionMask.MaxSlots, layout.Slots);
        Assert.Equal(PolypharmacyVocabulary.InterventionTypes, layout.InterventionTypes);
        Assert.Equal(ActionMask.Size, layout.Size);
        for (var index = 0; index < layout.Size; index++) Assert.Equal(ActionMask.Decode(index), layout.Decode(index));
    }

    [Fact]
    public async Task FromSchema_MaskLengthOfNoLayout_ThrowsNamingTheLength()
    {
        await using var server = await EmbeddedServer.StartAsync();
        var schema = await SchemaAsync(server);

        var error = Assert.Throws<NotSupportedException>(() => MaskedActionLayout.FromSchema(schema.GetProperty("action"), 101));

        Assert.Contains("101", error.Message);
    }

    [Theory]
    [MemberData(nameof(Tasks))]
    public async Task ToAction_EveryValidIndexOfTheFirstObservation_IsAValidStep(string task)
    {
        await using var server = await EmbeddedServer.StartAsync();
        var layout = await LayoutAsync(server);
        await using var session = await EnvSession.ConnectAsync(new Uri(server.Url, "/envs/polypharmacy"));
        var mask = new bool[layout.Size];
        var checkedActions = 0;

        for (var patient = 0; patient < 3; patient++)
        {
            var reset = new Dictionary<string, object?> { ["task_id"] = task, ["patient_index"] = patient, ["seed"] = 0 };
            var first = (await session.ResetAsync(reset)).Observation;
            layout.ReadMask(first, mask);
            foreach (var index in Enumerable.Range(0, layout.Size).Where(i => mask[i]))
            {
                var observation = (await session.ResetAsync(reset)).Observation;
                var result = await session.StepAsync(layout.ToAction(index, observation));
                AssertValid(result, index);
                checkedActions++;
            }
        }

        Assert.True(checkedActions > 3 * 10, $"only {checkedActions} valid actions checked");
    }

    [Theory]
    [MemberData(nameof(Tasks))]
    public async Task ToAction_RandomValidIndicesThroughWholeEpisodes_AreAllValidSteps(string task)
    {
        await using var server = await EmbeddedServer.StartAsync();
        var layout = await LayoutAsync(server);
        await using var session = await EnvSession.ConnectAsync(new Uri(server.Url, "/envs/polypharmacy"));
        var mask = new bool[layout.Size];
        var random = new Random(11);
        var types = new HashSet<string>();

        for (var episode = 0; episode < 12; episode++)
        {
            var result = await session.ResetAsync(new Dictionary<string, object?> { ["task_id"] = task, ["seed"] = episode });
            while (!result.Done)
            {
                layout.ReadMask(result.Observation, mask);
                // Finishing ends the episode at once; take it rarely so episodes reach stopped and substituted slots.
                var valid = Enumerable.Range(1, layout.Size - 1).Where(i => mask[i]).ToArray();
                var index = valid.Length == 0 || random.Next(10) == 0 ? 0 : valid[random.Next(valid.Length)];
                var action = layout.ToAction(index, result.Observation);
                types.Add($"{action["action_type"]}:{action.GetValueOrDefault("intervention_type")}");
                result = await session.StepAsync(action);
                AssertValid(result, index);
            }
        }

        Assert.Contains("query_ddi:", types);
        Assert.Contains("propose_intervention:substitute", types);
        Assert.Contains("propose_intervention:stop", types);
    }

    [Fact]
    public void ToAction_Substitute_TakesTheListedSubstituteWithTheFewestWarnings()
    {
        var layout = new MaskedActionLayout(3, ["stop", "dose_reduce", "substitute", "add_monitoring"]);
        var observation = JsonDocument.Parse("""
            {"current_medications":[{"slot":1,"drug_id":"naproxen","substitutes":[
              {"drug_id":"ibuprofen","high_risk_elderly":true,"beers_flags":[]},
              {"drug_id":"celecoxib","high_risk_elderly":false,"beers_flags":["caution"]},
              {"drug_id":"other","high_risk_elderly":false,"beers_flags":[]}]}]}
            """).RootElement;

        var action = layout.ToAction(layout.FirstInterventionIndex + 4 * 1 + 2, observation);

        Assert.Equal("propose_intervention", action["action_type"]);
        Assert.Equal("naproxen", action["target_drug_id"]);
        Assert.Equal("substitute", action["intervention_type"]);
        Assert.Equal("other", action["proposed_new_drug_id"]);
    }

    private static void AssertValid(StepResult result, int index)
    {
        Assert.True(result.Metadata.GetProperty("action_valid").GetBoolean(), $"index {index}: {result.GetString("observation.last_action_error")}");
    }

    private static async Task<MaskedActionLayout> LayoutAsync(EmbeddedServer server) =>
        MaskedActionLayout.FromSchema((await SchemaAsync(server)).GetProperty("action"), ActionMask.Size);

    private static async Task<JsonElement> SchemaAsync(EmbeddedServer server)
    {
        using var http = new HttpClient();
        return await new EnvHttpClient(http, new Uri(server.Url, "/envs/polypharmacy")).SchemaAsync();
    }
}
