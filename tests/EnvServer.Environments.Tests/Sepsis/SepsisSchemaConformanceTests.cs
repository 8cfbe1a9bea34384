using EnvServer.Environments.Core;
using EnvServer.Environments.Schema;
using EnvServer.Environments.Sepsis;
using EnvServer.Environments.Tests.Support;
using static EnvServer.Environments.Tests.Sepsis.SepsisRun;
using static EnvServer.Environments.Tests.Support.EpisodeJson;

namespace EnvServer.Environments.Tests.Sepsis;

/// <summary>What sepsis writes is exactly what its schemas document, for every task and phase of an episode.</summary>
public class SepsisSchemaConformanceTests
{
    private static readonly EnvironmentSpec Spec = SepsisEnvironment.Spec;

    private static readonly ObjectSchema Metadata = StandardSchemas.State(Spec with { State = SepsisSchemas.Info }) with
    {
        AdditionalProperties = false,
    };

    [Theory]
    [MemberData(nameof(AllTasks), MemberType = typeof(SepsisRun))]
    public void ObservationMetadataAndState_EveryStep_MatchTheirSchemas(string taskId)
    {
        for (var seed = 0; seed < 20; seed++)
        {
            using var environment = new SepsisEnvironment();
            var result = environment.Reset(Options(taskId, seed));
            for (var t = 0; ; t++)
            {
                SchemaAssert.Conforms(Spec.Observation, JsonText.Parse(result.Observation));
                SchemaAssert.Conforms(Metadata, JsonText.Parse(result.Metadata));
                SchemaAssert.Conforms(StandardSchemas.State(Spec), JsonText.Parse(environment.State));
                if (result.Done) break;
                result = environment.Step(new SepsisAction((seed + t) % SepsisAction.Count));
            }
        }
    }

    [Fact]
    public void WholeNumbers_AreWrittenAsFloats()
    {
        using var environment = new SepsisEnvironment();
        var result = environment.Reset(Options(FullState, 1));

        Assert.Contains("\"raw_outcome\":0.0", JsonText.Of(result.Metadata));
        Assert.Matches("\"features\":\\[[0-9]\\.0,", JsonText.Of(result.Observation));
    }
}
