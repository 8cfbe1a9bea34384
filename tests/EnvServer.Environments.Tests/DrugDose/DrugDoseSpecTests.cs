using EnvServer.Environments.Core;
using EnvServer.Environments.DrugDose;
using EnvServer.Environments.Schema;

namespace EnvServer.Environments.Tests.DrugDose;

public class DrugDoseSpecTests
{
    private static readonly EnvironmentSpec Spec = DrugDoseEnvironment.Spec;

    [Fact]
    public void Spec_Identity_NamesDrugDose()
    {
        Assert.Equal("drug-dose", Spec.Id);
        Assert.Equal("DrugDoseEnvironment", Spec.Name);
        Assert.False(string.IsNullOrWhiteSpace(Spec.Description));
        Assert.Contains("fixed_patient", Spec.ReadmeContent);
    }

    [Fact]
    public void Spec_Tasks_EasyMediumHardWithEasyDefault()
    {
        Assert.Equal(
            [("fixed_patient", "easy"), ("variable_patient", "medium"), ("pkpd_toxicity", "hard")],
            Spec.Tasks.Select(t => (t.Id, t.Difficulty)));
        Assert.Equal("fixed_patient", Spec.DefaultTaskId);
        Assert.All(Spec.Tasks, t => Assert.False(string.IsNullOrWhiteSpace(t.Description)));
    }

    [Fact]
    public void Factory_Invoked_CreatesEnvironmentOfThisSpec()
    {
        using var environment = Spec.Factory();

        Assert.IsType<DrugDoseEnvironment>(environment);
        Assert.Same(Spec, environment.Spec);
    }

    [Fact]
    public void Registry_Default_ServesDrugDose()
    {
        Assert.Same(Spec, EnvironmentRegistry.CreateDefault().Find("drug-dose"));
    }

    [Fact]
    public void Action_Schema_RequiresUnboundedDose()
    {
        var dose = Assert.Single(Spec.Action.Fields);

        Assert.Equal(("dose", FieldType.Number, true), (dose.Name, dose.Type, dose.Required));
        Assert.Null(dose.Minimum);
        Assert.Null(dose.Maximum);
        Assert.Contains("clipped", dose.Description);
    }

    [Theory]
    [InlineData("elimination_rate", FieldType.Number, null, 1.0, 0.0)]
    [InlineData("noise_std", FieldType.Number, 0.0, 1.0, null)]
    [InlineData("initial_concentration", FieldType.Number, 0.0, 100.0, null)]
    [InlineData("max_dose", FieldType.Number, null, 100.0, 0.0)]
    [InlineData("max_steps", FieldType.Integer, 1.0, 10000.0, null)]
    public void ResetOptions_Field_HasDocumentedTypeAndBounds(string name, FieldType type, double? minimum, double? maximum, double? exclusiveMinimum)
    {
        var field = Assert.Single(Spec.ResetOptions, f => f.Name == name);

        Assert.Equal(type, field.Type);
        Assert.Equal(minimum, field.Minimum);
        Assert.Equal(maximum, field.Maximum);
        Assert.Equal(exclusiveMinimum, field.ExclusiveMinimum);
        Assert.True(field.HasDefault);
    }

    [Fact]
    public void Schemas_Rendered_AreJsonSchemaObjects()
    {
        foreach (var schema in new[]
        {
            StandardSchemas.Action(Spec), StandardSchemas.Observation(Spec), StandardSchemas.State(Spec), StandardSchemas.Reset(Spec),
        })
        {
            var json = schema.ToJsonSchema();
            Assert.Equal("object", (string?)json["type"]);
            Assert.Equal(schema.Fields.Count, json["properties"]!.AsObject().Count);
            Assert.NotEmpty(json.ToJsonString());
        }
    }
}
