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

    [Fact]
    public void WholeNumbers_AreWrittenAsFloats()
    {
        using var environment = new SepsisEnvironment();
        var result = environment.Reset(Options(FullState, 1));

        Assert.Contains("\"raw_outcome\":0.0", JsonText.Of(result.Metadata));
        Assert.Matches("\"features\":\\[[0-9]\\.0,", JsonText.Of(result.Observation));
    }
}
