using System.Text.Json;
using EnvServer.Training.Reports;

namespace EnvServer.Training.Tests.Reports;

public sealed class RolloutCsvTests
{
    [Fact]
    public void Write_HivTrajectory_RowPerStepWithNamedStateAndWithoutLearnerEncodings()
    {
        var trajectory = SyntheticTrajectory.Hiv([3, 1]);
        var output = new StringWriter();

        RolloutCsv.Write(output, [trajectory]);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("episode,seed,step,action,reward,return,t1,t1_star,t2,t2_star,v,e,cd4,viral_load", lines[0]);
        Assert.Equal("0,1000,0,,,0,100000,1,2,3,10000,5,100001,10000", lines[1]);
        Assert.Equal("0,1000,2,1,1000000,2000000,100002,1,2,3,30000,5,100003,30000", lines[3]);
        Assert.Equal(4, lines.Length);
    }

    [Fact]
    public void Write_FieldsThatAreNullNestedOrTextWithCommas_AreOmittedOrQuoted()
    {
        var trajectory = SyntheticTrajectory.Build(
            [
                """{"glucose":null,"note":"low, \"stable\"","medications":[{"drug_id":"a"}],"patient":{"age":70},"in_window":true}""",
                """{"glucose":null,"note":"ok","medications":[],"patient":{"age":70},"in_window":false}""",
            ],
            [2.5f],
            [-0.25]);
        var output = new StringWriter();

        RolloutCsv.Write(output, [trajectory]);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("episode,seed,step,action,reward,return,note,in_window", lines[0]);
        Assert.Equal("0,7,0,,,0,\"low, \"\"stable\"\"\",true", lines[1]);
        Assert.Equal("0,7,1,2.5,-0.25,-0.25,ok,false", lines[2]);
    }

    [Fact]
    public void JsonColumnsOf_FieldFirstNullThenNumber_GetsAColumnWhereTheNumberAppears()
    {
        var objects = new[] { """{"a":1,"b":null}""", """{"a":2,"b":3}""" }.Select(j => JsonElement.Parse(j)).ToArray();

        var columns = JsonColumns.Of(objects, new HashSet<string>());

        Assert.Equal(["a", "b"], columns.Names);
        Assert.Equal(["1", ""], columns.Cells(objects[0]));
        Assert.Equal(["2", "3"], columns.Cells(objects[1]));
    }
}
