using EnvServer.Environments.Core;
using EnvServer.Environments.Hiv;
using EnvServer.Environments.Schema;

namespace EnvServer.Environments.Tests.Hiv;

public class HivSpecTests
{
    private static readonly EnvironmentSpec Spec = HivEnvironment.Spec;

    [Fact]
    public void Spec_Identity_NamesHiv()
    {
        Assert.Equal("hiv", Spec.Id);
        Assert.Equal("HivEnvironment", Spec.Name);
        Assert.Contains("default_patient", Spec.ReadmeContent);
        Assert.Contains("3,432,807.680391572", Spec.ReadmeContent);
    }

    [Fact]
    public void Spec_Tasks_EasyMediumHardWithEasyDefault()
    {
        Assert.Equal(
            [("default_patient", "easy"), ("randomized_patient", "medium"), ("clinical_monitoring", "hard")],
            Spec.Tasks.Select(t => (t.Id, t.Difficulty)));
        Assert.Equal("default_patient", Spec.DefaultTaskId);
    }

    [Fact]
    public void Registry_Default_ServesHiv()
    {
        Assert.Same(Spec, EnvironmentRegistry.CreateDefault().Find("hiv"));
        using var environment = Spec.Factory();
        Assert.IsType<HivEnvironment>(environment);
    }

    [Fact]
    public void Action_Schema_RequiresIntegerZeroToThree()
    {
        var action = Assert.Single(Spec.Action.Fields);

        Assert.Equal(("action", FieldType.Integer, true, 0.0, 3.0), (action.Name, action.Type, action.Required, action.Minimum, action.Maximum));
        Assert.Contains("protease", action.Description);
    }

    [Theory]
    [InlineData("integrator", "reference", new[] { "reference", "fast" })]
    [InlineData("initial_state", "unhealthy", new[] { "unhealthy", "healthy", "uninfected" })]
    [InlineData("cohort", null, new[] { "hospital_a", "hospital_b", "hospital_c", "hospital_d" })]
    public void ResetOptions_StringOption_HasDefaultAndAllowedValues(string name, string? defaultValue, string[] allowed)
    {
        var field = Assert.Single(Spec.ResetOptions, f => f.Name == name);

        Assert.True(field.HasDefault);
        Assert.Equal(defaultValue, field.Default);
        Assert.Equal(allowed, field.AllowedValues);
    }

    [Fact]
    public void ResetOptions_EarlyTerminationOffAndMaxSteps200_ByDefault()
    {
        Assert.Equal(false, Assert.Single(Spec.ResetOptions, f => f.Name == "early_termination").Default);
        Assert.Equal(200, Assert.Single(Spec.ResetOptions, f => f.Name == "max_steps").Default);
    }

    [Fact]
    public void Step_OutOfRangeActionThroughTypedApi_IsInvalidInput()
    {
        using var environment = new HivEnvironment();
        environment.Reset(ResetOptions.Default);

        Assert.Equal("action", Assert.Throws<InvalidInputException>(() => environment.Step(new HivAction(4))).Field);
    }

    [Fact]
    public void Schemas_Rendered_AreJsonSchemaObjects()
    {
        foreach (var schema in new[] { StandardSchemas.Action(Spec), StandardSchemas.Observation(Spec), StandardSchemas.State(Spec), StandardSchemas.Reset(Spec) })
        {
            var json = schema.ToJsonSchema();
            Assert.Equal("object", (string?)json["type"]);
            Assert.Equal(schema.Fields.Count, json["properties"]!.AsObject().Count);
        }
    }
}
