using System.Text.Json;
using EnvServer.Agent.Core;
using EnvServer.Agent.Core.Actions;
using EnvServer.Agent.Core.Llm;

namespace EnvServer.Agent.Tests.Actions;

public class ReplyParserTests
{
    private static readonly ActionTool Tool = new(ActionTool.TakeAction, "Take one action", JsonElement.Parse("{}"));

    [Theory]
    [InlineData("{\"action\": {\"action\": 2}, \"rationale\": \"low O2\"}", "{\"action\":2}", "low O2")]
    [InlineData("Here it is:\n```json\n{\"action\": {\"dose\": 0.5}}\n```", "{\"dose\":0.5}", null)]
    [InlineData("{\"action\": 2, \"rationale\": \"flattened\"}", "{\"action\":2}", "flattened")]
    [InlineData("{\"dose\": 0.25}", "{\"dose\":0.25}", null)]
    public void Parse_TextReply_FindsTheActionAndRationale(string text, string action, string? rationale)
    {
        var (proposed, problem) = ReplyParser.Parse(new ModelReply(text, null), null, actionHasRationale: false);

        Assert.Null(problem);
        Assert.Equal((action, rationale), (proposed!.Action.ToJsonString(), proposed.Rationale));
    }

    [Fact]
    public void Parse_ActionWithItsOwnRationaleField_KeepsItInTheAction()
    {
        var (proposed, _) = ReplyParser.Parse(new ModelReply("{\"action_type\": \"finish_review\", \"rationale\": \"done\"}", null), null, actionHasRationale: true);

        Assert.Equal("{\"action_type\":\"finish_review\",\"rationale\":\"done\"}", proposed!.Action.ToJsonString());
    }

    [Theory]
    [InlineData("", "the reply was empty; reply with one JSON object.")]
    [InlineData("I would give antibiotics.", "the reply is not valid JSON: I would give antibiotics.")]
    [InlineData("{\"action\": {\"dose\": }", "the reply is not valid JSON: {\"action\": {\"dose\": }")]
    [InlineData("[1, 2]", "the reply is not valid JSON: [1, 2]")]
    public void Parse_NoJsonObject_SaysWhatWasWrong(string text, string message)
    {
        var (proposed, problem) = ReplyParser.Parse(new ModelReply(text, null), null, actionHasRationale: false);

        Assert.Null(proposed);
        Assert.Equal(new ActionProblem(ActionProblem.Reply, message), problem);
    }

    [Fact]
    public void Parse_ToolCall_TakesTheArgumentsAndTheTextAsRationale()
    {
        var reply = new ModelReply(" O2 is low. ", new ModelToolCall("call_1", ActionTool.TakeAction, "{\"action\": 2}"));

        var (proposed, problem) = ReplyParser.Parse(reply, Tool, actionHasRationale: false);

        Assert.Null(problem);
        Assert.Equal(("{\"action\":2}", "O2 is low."), (proposed!.Action.ToJsonString(), proposed.Rationale));
    }

    [Theory]
    [InlineData("get_state", "{}", "the reply called the tool 'get_state'; the only tool is 'take_action'.")]
    [InlineData("take_action", "{\"action\": ", "the tool arguments are not a JSON object: {\"action\": ")]
    public void Parse_BadToolCall_SaysWhatWasWrong(string name, string arguments, string message)
    {
        var (_, problem) = ReplyParser.Parse(new ModelReply(null, new ModelToolCall("call_1", name, arguments)), Tool, actionHasRationale: false);

        Assert.Equal(message, problem!.Message);
    }
}
