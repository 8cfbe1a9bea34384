using System.Text.Json;
using EnvServer.Agent.Core.Actions;
using EnvServer.Environments.Core;
using EnvServer.Environments.Schema;

namespace EnvServer.Agent.Tests.Actions;

public class ActionSchemaCheckTests
{
    private static readonly ActionSchemaCheck Sepsis = CheckFor("sepsis");
    private static readonly ActionSchemaCheck Polypharmacy = CheckFor("polypharmacy");

    [Theory]
    [InlineData("{\"action\": 3}")]
    [InlineData("{\"action\": 3.0}")]
    [InlineData("{\"action\": 0, \"metadata\": {\"note\": 1}}")]
    public void Check_ValidAction_PassesAsTheServerWould(string action) => Assert.Null(Sepsis.Check(JsonElement.Parse(action)));

    [Theory]
    [InlineData("{}", "action: required field missing")]
    [InlineData("{\"action\": 8}", "action: must be at most 7, got 8")]
    [InlineData("{\"action\": -1}", "action: must be at least 0, got -1")]
    [InlineData("{\"action\": 1.5}", "action: must be an integer")]
    [InlineData("{\"action\": \"2\"}", "action: must be an integer")]
    [InlineData("{\"action\": null}", "action: must not be null")]
    [InlineData("{\"action\": 1, \"dose\": 2}", "dose: unknown field; the action's fields are metadata, action")]
    public void Check_InvalidAction_NamesTheField(string action, string message)
    {
        var problem = Sepsis.Check(JsonElement.Parse(action));

        Assert.Equal(new ActionProblem(ActionProblem.Schema, message), problem);
    }

    [Fact]
    public void Check_EnumsAndNullableFields_FollowTheServedSchema()
    {
        Assert.Null(Polypharmacy.Check(JsonElement.Parse("{\"action_type\": \"finish_review\", \"drug_id_1\": null}")));
        Assert.Equal("action_type: 'stop' is not one of query_ddi, propose_intervention, finish_review",
            Polypharmacy.Check(JsonElement.Parse("{\"action_type\": \"stop\"}"))!.Message);
        Assert.Matches(@"^drug_id_1: 'aspirin_xl' is not one of the \d+ values the schema lists$",
            Polypharmacy.Check(JsonElement.Parse("{\"action_type\": \"query_ddi\", \"drug_id_1\": \"aspirin_xl\"}"))!.Message);
    }

    private static ActionSchemaCheck CheckFor(string id)
    {
        var spec = EnvironmentRegistry.CreateDefault().Find(id)!;
        return new ActionSchemaCheck(JsonSerializer.SerializeToElement(StandardSchemas.Action(spec).ToJsonSchema()));
    }
}
