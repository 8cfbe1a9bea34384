using System.Text.Json;
using EnvServer.Environments.Core;
using EnvServer.Environments.DrugDose;
using EnvServer.Environments.Schema;
using EnvServer.Environments.Tests.Support;
using static EnvServer.Environments.Tests.DrugDose.DrugDoseRun;
using static EnvServer.Environments.Tests.Support.EpisodeJson;

namespace EnvServer.Environments.Tests.DrugDose;

/// <summary>What drug-dose writes is exactly what its schemas document, for every task and phase of an episode.</summary>
public class DrugDoseSchemaConformanceTests
{
    private static readonly EnvironmentSpec Spec = DrugDoseEnvironment.Spec;

    [Theory]
    [InlineData(FixedPatient, new[] { "peripheral", "effect_site", "k12", "k21", "ke0" })]
    [InlineData(VariablePatient, new[] { "peripheral", "effect_site", "k12", "k21", "ke0" })]
    [InlineData(PkpdToxicity, new string[0])]
    public void State_ModelWithoutAField_WritesNullForIt(string taskId, string[] nullFields)
    {
        using var environment = new DrugDoseEnvironment();
        environment.Reset(Options(taskId));

        var state = State(environment);

        var written = Spec.State.Fields.Where(f => state.GetProperty(f.Name).ValueKind == JsonValueKind.Null).Select(f => f.Name);
        Assert.Equal(nullFields, written);
    }

    /// <summary>A full episode with varied doses, each reply with the state after it; on the hard task the large doses end it early.</summary>
    private static List<(StepResult Result, JsonElement State)> Play(string taskId)
    {
        using var environment = new DrugDoseEnvironment();
        var result = environment.Reset(Options(taskId, 3));
        var replies = new List<(StepResult, JsonElement)> { (result, JsonText.Parse(environment.State)) };
        for (var t = 0; !result.Done; t++)
        {
            result = environment.Step(new DrugDoseAction(t % 4 * 0.4));
            replies.Add((result, JsonText.Parse(environment.State)));
        }

        return replies;
    }
}
