using EnvServer.Environments.Core;
using EnvServer.Environments.Polypharmacy;
using EnvServer.Environments.Schema;
using EnvServer.Environments.Tests.Support;
using static EnvServer.Environments.Tests.Polypharmacy.PolypharmacyRun;
using static EnvServer.Environments.Tests.Support.EpisodeJson;

namespace EnvServer.Environments.Tests.Polypharmacy;

/// <summary>What polypharmacy writes is exactly what its schemas document, on every step of whole episodes.</summary>
public class PolypharmacySchemaConformanceTests
{
    private static readonly EnvironmentSpec Spec = PolypharmacyEnvironment.Spec;

    private static readonly ObjectSchema Metadata = StandardSchemas.State(Spec with { State = PolypharmacySchemas.Info }) with
    {
        AdditionalProperties = false,
    };

    [Theory]
    [MemberData(nameof(AllTasks), MemberType = typeof(PolypharmacyRun))]
    public void EveryReply_MatchesObservationMetadataAndStateSchemas(string taskId)
    {
        foreach (IPolypharmacyAgent agent in new IPolypharmacyAgent[] { new HeuristicAgent(), new RandomValidAgent(3) })
        {
            using var environment = new PolypharmacyEnvironment();
            var result = environment.Reset(Options(taskId, 3));
            while (true)
            {
                SchemaAssert.Conforms(Spec.Observation, JsonText.Parse(result.Observation));
                SchemaAssert.Conforms(Metadata, JsonText.Parse(result.Metadata));
                SchemaAssert.Conforms(StandardSchemas.State(Spec), JsonText.Parse(environment.State));
                Assert.Equal(ActionMask.Size, Mask(result).Length);
                if (result.Done) break;
                result = environment.Step(agent.Act(Observation(result)));
            }
        }
    }

    [Fact]
    public void ActionSchema_ListsDrugIdsAndActionTypes()
    {
        var action = Spec.Action;

        Assert.Equal(new[] { "query_ddi", "propose_intervention", "finish_review" }, action.Find("action_type")!.AllowedValues);
        Assert.True(action.Find("action_type")!.Required);
        Assert.Equal(34, action.Find("drug_id_1")!.AllowedValues!.Count);
        Assert.All(action.Fields.Where(f => f.Name != "action_type"), f => Assert.False(f.Required));
        Assert.Equal("array", (string?)StandardSchemas.Observation(Spec).ToJsonSchema()["properties"]!["current_medications"]!["type"]);
    }
}
