using System.Text.Json;
using EnvServer.Environments.Core;
using EnvServer.Environments.Hiv;
using EnvServer.Environments.Schema;
using EnvServer.Environments.Tests.Support;
using static EnvServer.Environments.Tests.Hiv.HivRun;
using static EnvServer.Environments.Tests.Support.EpisodeJson;

namespace EnvServer.Environments.Tests.Hiv;

/// <summary>What hiv writes is exactly what its schemas document, for every task and phase of an episode.</summary>
public class HivSchemaConformanceTests
{
    private static readonly EnvironmentSpec Spec = HivEnvironment.Spec;

    private static readonly ObjectSchema Metadata = StandardSchemas.State(Spec with { State = HivSchemas.Info }) with { AdditionalProperties = false };

    [Theory]
    [MemberData(nameof(AllTasks), MemberType = typeof(HivRun))]
    public void EveryReply_MatchesObservationMetadataAndStateSchemas(string taskId)
    {
        using var environment = new HivEnvironment();
        var result = environment.Reset(Options(taskId, 3, ("integrator", "fast"), ("max_steps", 30), ("cohort", "hospital_d")));
        var replies = 0;
        for (var t = 0; ; t++)
        {
            SchemaAssert.Conforms(Spec.Observation, JsonText.Parse(result.Observation));
            SchemaAssert.Conforms(Metadata, JsonText.Parse(result.Metadata));
            SchemaAssert.Conforms(StandardSchemas.State(Spec), JsonText.Parse(environment.State));
            replies++;
            if (result.Done) break;
            result = environment.Step(new HivAction(t % 4));
        }

        Assert.Equal(31, replies);
    }

    [Fact]
    public void UninfectedStart_ZeroCompartments_StillWriteFloats()
    {
        using var environment = new HivEnvironment();
        var result = environment.Reset(Options(DefaultPatient, 1, ("initial_state", "uninfected")));

        SchemaAssert.Conforms(Spec.Observation, JsonText.Parse(result.Observation));
        Assert.Contains("\"state\":[1000000.0,0.0,3198.0,0.0,0.0,10.0]", JsonText.Of(result.Observation));
    }

    [Fact]
    public void State_BeforeReset_HasOnlyBookkeeping()
    {
        using var environment = new HivEnvironment();

        var bookkeeping = StandardSchemas.State(Spec) with { Fields = StandardSchemas.State(Spec).Fields.Except(Spec.State.Fields).ToArray() };
        SchemaAssert.Conforms(bookkeeping, JsonText.Parse(environment.State));
        Assert.Equal(JsonValueKind.Null, JsonText.Parse(environment.State).GetProperty("task_id").ValueKind);
    }
}
