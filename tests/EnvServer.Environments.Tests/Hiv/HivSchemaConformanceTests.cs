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

    [Fact]
    public void UninfectedStart_ZeroCompartments_StillWriteFloats()
    {
        using var environment = new HivEnvironment();
        var result = environment.Reset(Options(DefaultPatient, 1, ("initial_state", "uninfected")));

        SchemaAssert.Conforms(Spec.Observation, JsonText.Parse(result.Observation));
        Assert.Contains("\"state\":[1000000.0,0.0,3198.0,0.0,0.0,10.0]", JsonText.Of(result.Observation));
    }
}
