using System.Text.Json;
using EnvServer.Environments.Core;
using EnvServer.Environments.Schema;
using EnvServer.Environments.Tests.Support;
using static EnvServer.Environments.Tests.Support.EpisodeJson;

namespace EnvServer.Environments.Tests.Core;

/// <summary>
/// The contract every registered environment keeps, checked over the registry so that a new environment is tested by
/// registering it: what it writes is exactly what its schemas document, on every reply of whole episodes played by its
/// own baseline; the baseline's actions pass its action check; every reply carries the safety cost.
/// </summary>
public class RegistryConformanceTests
{
    private const int Seeds = 3;

    public static TheoryData<string, string> EveryTask()
    {
        var data = new TheoryData<string, string>();
        foreach (var spec in EnvironmentRegistry.Shipped.All)
        {
            foreach (var task in spec.Tasks) data.Add(spec.Id, task.Id);
        }

        return data;
    }

    public static TheoryData<string> EveryEnvironment() => new(EnvironmentRegistry.Shipped.All.Select(s => s.Id));

    [Theory]
    [MemberData(nameof(EveryTask))]
    public void EveryReply_BaselineEpisodes_MatchObservationMetadataAndStateSchemas(string envId, string taskId)
    {
        var spec = EnvironmentRegistry.Shipped.Find(envId)!;
        for (var seed = 0; seed < Seeds; seed++)
        {
            using var environment = spec.Factory();
            var result = environment.Reset(Options(taskId, seed));
            var cumulativeCost = 0.0;
            while (true)
            {
                var observation = JsonText.Parse(result.Observation);
                var metadata = JsonText.Parse(result.Metadata);
                SchemaAssert.Conforms(spec.Observation, observation);
                SchemaAssert.Conforms(StandardSchemas.Metadata(spec), metadata);
                SchemaAssert.Conforms(StandardSchemas.State(spec), JsonText.Parse(environment.State));
                Assert.Equal(spec.CostComponents.Select(c => c.Name), metadata.GetProperty("cost_components").EnumerateObject().Select(p => p.Name));
                cumulativeCost += metadata.GetProperty("cost").GetDouble();
                Assert.Equal(cumulativeCost, metadata.GetProperty("cumulative_cost").GetDouble(), 12);
                if (result.Done) break;

                var action = JsonSerializer.SerializeToElement(spec.Baseline!.Act(observation));
                Assert.Null(spec.ActionCheck?.Invoke(observation, action));
                result = environment.Step(action);
            }
        }
    }

    [Theory]
    [MemberData(nameof(EveryEnvironment))]
    public void State_BeforeReset_HasOnlyBookkeeping(string envId)
    {
        var spec = EnvironmentRegistry.Shipped.Find(envId)!;
        using var environment = spec.Factory();

        var bookkeeping = StandardSchemas.State(spec) with { Fields = StandardSchemas.State(spec).Fields.Except(spec.State.Fields).ToArray() };
        SchemaAssert.Conforms(bookkeeping, JsonText.Parse(environment.State));
        Assert.Equal(JsonValueKind.Null, JsonText.Parse(environment.State).GetProperty("task_id").ValueKind);
    }

    [Theory]
    [MemberData(nameof(EveryEnvironment))]
    public void Spec_EveryEnvironment_OwnsBaselineRulesCostAndView(string envId)
    {
        var spec = EnvironmentRegistry.Shipped.Find(envId)!;

        Assert.StartsWith($"{spec.Id}/", spec.Baseline!.Name);
        Assert.NotEmpty(spec.SafetyRules);
        Assert.NotEmpty(spec.CostComponents);
        Assert.Equal(spec.CostComponents.Count, spec.CostComponents.Select(c => c.Name).Distinct().Count());
        Assert.NotNull(spec.View);
    }
}
