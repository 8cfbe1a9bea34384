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
