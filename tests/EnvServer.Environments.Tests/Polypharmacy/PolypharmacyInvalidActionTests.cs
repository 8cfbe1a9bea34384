using EnvServer.Environments.Core;
using static EnvServer.Environments.Tests.Polypharmacy.PolypharmacyRun;
using static EnvServer.Environments.Tests.Support.EpisodeJson;

namespace EnvServer.Environments.Tests.Polypharmacy;

/// <summary>
/// Malformed actions are protocol errors (InvalidInputException naming the field, no step taken); impossible
/// actions cost a step and 0.15 and change nothing else; acting after the end is EpisodeOverException.
/// </summary>
public class PolypharmacyInvalidActionTests
{
    // aspirin starts at its minimum dose (81 mg).
    private static (PolypharmacyEnvironmentHandle Handle, StepResult Reset) StartEasy()
    {
        var (environment, reset) = Start(Patient(Easy, ["OA", "AF"], "naproxen", "warfarin", "atorvastatin", "aspirin"));
        return (new PolypharmacyEnvironmentHandle(environment), reset);
    }

    [Theory]
    [InlineData("""{"action_type":"query_ddi","drug_id_1":"warfarin","drug_id_2":"unobtainium"}""", "drug_id_2")]
    [InlineData("""{"action_type":"propose_intervention","target_drug_id":"aspirin2","intervention_type":"stop"}""", "target_drug_id")]
    [InlineData("""{"action_type":"propose_intervention","target_drug_id":"naproxen","intervention_type":"substitute","proposed_new_drug_id":"x"}""", "proposed_new_drug_id")]
    [InlineData("""{"action_type":"query_ddi","drug_id_1":"warfarin"}""", "drug_id_2")]
    [InlineData("""{"action_type":"query_ddi","drug_id_1":"warfarin","drug_id_2":"warfarin"}""", "drug_id_2")]
    [InlineData("""{"action_type":"propose_intervention","target_drug_id":"naproxen"}""", "intervention_type")]
    [InlineData("""{"action_type":"propose_intervention","target_drug_id":"naproxen","intervention_type":"substitute"}""", "proposed_new_drug_id")]
    [InlineData("""{"action_type":"propose_intervention","target_drug_id":"naproxen","intervention_type":"stop","proposed_new_drug_id":"celecoxib"}""", "proposed_new_drug_id")]
    [InlineData("""{"action_type":"finish_review","drug_id_1":"warfarin"}""", "drug_id_1")]
    [InlineData("""{"action_type":"query_ddi","drug_id_1":"warfarin","drug_id_2":"naproxen","target_drug_id":"naproxen"}""", "target_drug_id")]
    public void Malformed_Action_IsProtocolErrorNamingFieldWithoutStep(string json, string field)
    {
        var (handle, _) = StartEasy();

        var error = Assert.Throws<InvalidInputException>(() => handle.Environment.Step(Json(json)));

        Assert.Equal(field, error.Field);
        Assert.Equal(0, handle.Environment.StepCount);
        Assert.Equal(0.0, handle.Environment.CumulativeReward);
    }

    [Fact]
    public void NullArgumentsOfOtherTypesAndRationale_AreAccepted()
    {
        var (handle, _) = StartEasy();

        var result = handle.Environment.Step(Json("""{"action_type":"query_ddi","drug_id_1":"warfarin","drug_id_2":"naproxen","target_drug_id":null,"rationale":"bleeding?"}"""));

        Assert.Null(LastError(result));
        Assert.Equal(1, handle.Environment.StepCount);
    }

    [Theory]
    [InlineData("query", "tramadol is not in the patient's current regimen")]
    [InlineData("target", "tramadol is not in the patient's current regimen")]
    [InlineData("cross-class", "not in naproxen's ATC class")]
    [InlineData("taken", "aspirin is already in the regimen")]
    [InlineData("self", "Cannot substitute naproxen with itself")]
    [InlineData("min-dose", "already at its minimum dose")]
    public void Impossible_Action_CostsStepAndPenaltyOnly(string kind, string message)
    {
        var (handle, reset) = StartEasy();
        var environment = handle.Environment;
        var action = kind switch
        {
            "query" => Query("warfarin", "tramadol"),
            "target" => Stop("tramadol"),
            "cross-class" => Substitute("naproxen", "tramadol"),
            "taken" => Substitute("warfarin", "aspirin"),
            "self" => Substitute("naproxen", "naproxen"),
            _ => Reduce("aspirin"),
        };

        var result = environment.Step(action);

        Assert.Contains(message, LastError(result));
        Assert.Equal(-0.15, result.Reward);
        Assert.False(result.Done);
        Assert.False(Metadata(result).GetProperty("action_valid").GetBoolean());
        Assert.Equal(1, Metadata(result).GetProperty("invalid_actions").GetInt32());
        var before = Observation(reset);
        var after = Observation(result);
        Assert.Equal(before.GetProperty("current_medications").GetRawText(), after.GetProperty("current_medications").GetRawText());
        Assert.Equal(before.GetProperty("remaining_query_budget").GetInt32(), after.GetProperty("remaining_query_budget").GetInt32());
        Assert.Equal(before.GetProperty("remaining_intervention_budget").GetInt32(), after.GetProperty("remaining_intervention_budget").GetInt32());
        Assert.Equal(0, after.GetProperty("interventions").GetArrayLength());
        Assert.Equal(0, after.GetProperty("interaction_queries").GetArrayLength());
    }

    [Fact]
    public void QueryBudget_Exhausted_IsPenalised()
    {
        var (environment, _) = Start(Patient(Easy, ["AF", "OA"], "warfarin", "naproxen", "aspirin", "atorvastatin"));
        environment.Step(Query("warfarin", "naproxen"));
        environment.Step(Query("warfarin", "aspirin"));
        environment.Step(Query("warfarin", "atorvastatin"));
        var last = environment.Step(Query("naproxen", "aspirin"));
        Assert.Equal(0, Observation(last).GetProperty("remaining_query_budget").GetInt32());

        var result = environment.Step(Query("naproxen", "atorvastatin"));

        Assert.Contains("query budget (4) is exhausted", LastError(result));
        Assert.Equal(-0.15, result.Reward);
    }

    [Fact]
    public void InterventionBudget_Exhausted_IsPenalised()
    {
        var (handle, _) = StartEasy();
        handle.Environment.Step(Monitor("warfarin"));
        handle.Environment.Step(Monitor("naproxen"));

        var result = handle.Environment.Step(Stop("naproxen"));

        Assert.Contains("intervention budget (2) is exhausted", LastError(result));
        Assert.Equal(-0.15, result.Reward);
        Assert.Equal(new[] { "naproxen", "warfarin", "atorvastatin", "aspirin" }, DrugIds(result));
    }

    [Fact]
    public void RepeatedQueryAndMitigation_ArePenalised()
    {
        var (handle, _) = StartEasy();
        var environment = handle.Environment;
        environment.Step(Query("naproxen", "warfarin"));
        environment.Step(Monitor("warfarin"));

        var query = environment.Step(Query("warfarin", "naproxen"));
        var monitor = environment.Step(Monitor("warfarin"));

        Assert.Contains("already been queried", LastError(query));
        Assert.Contains("already monitored", LastError(monitor));
        Assert.Equal(2, Metadata(monitor).GetProperty("invalid_actions").GetInt32());
    }

    [Fact]
    public void StoppedDrug_CannotBeTargetedAgain()
    {
        var (handle, _) = StartEasy();
        handle.Environment.Step(Stop("naproxen"));

        var result = handle.Environment.Step(Monitor("naproxen"));

        Assert.Contains("naproxen is not in the patient's current regimen", LastError(result));
    }

    [Fact]
    public void FinishTwice_IsEpisodeOver()
    {
        var (handle, _) = StartEasy();
        handle.Environment.Step(Finish());

        Assert.Throws<EpisodeOverException>(() => handle.Environment.Step(Finish()));
        Assert.Throws<EpisodeOverException>(() => handle.Environment.Step(Json("""{"action_type":"query_ddi","drug_id_1":"warfarin","drug_id_2":"naproxen"}""")));
        Assert.Equal(1, handle.Environment.StepCount);
    }

    [Fact]
    public void Step_BeforeReset_IsNotStarted()
    {
        using var environment = new EnvServer.Environments.Polypharmacy.PolypharmacyEnvironment();

        Assert.Throws<EpisodeNotStartedException>(() => environment.Step(Finish()));
    }

    /// <summary>Keeps tuple deconstruction readable where the environment is reassigned.</summary>
    private sealed record PolypharmacyEnvironmentHandle(EnvServer.Environments.Polypharmacy.PolypharmacyEnvironment Environment);
}
