using System.Text;
using System.Text.Json.Nodes;

namespace EnvServer.Client.Tests;

public sealed class FrameWriterTests
{
    [Fact]
    public void Write_ResetWithAnonymousKwargs_KeepsNamesAsGiven()
    {
        var frame = Text(new FrameWriter().Write(RequestKind.Reset, new { seed = 1, task_id = "fixed_patient" }));

        Assert.Equal("""{"type":"reset","data":{"seed":1,"task_id":"fixed_patient"}}""", frame);
    }

    [Fact]
    public void Write_ResetWithoutKwargs_SendsEmptyData()
    {
        Assert.Equal("""{"type":"reset","data":{}}""", Text(new FrameWriter().Write(RequestKind.Reset, null)));
    }

    [Fact]
    public void Write_StepWithDictionaryAndJsonObject_SendsBareAction()
    {
        var writer = new FrameWriter();

        var fromDictionary = Text(writer.Write(RequestKind.Step, new Dictionary<string, double> { ["dose"] = 0.25 }));
        var fromJsonObject = Text(writer.Write(RequestKind.Step, new JsonObject { ["dose"] = 0.25 }));

        Assert.Equal("""{"type":"step","data":{"dose":0.25}}""", fromDictionary);
        Assert.Equal(fromDictionary, fromJsonObject);
    }

    [Fact]
    public void Write_StateAndClose_SendNoData()
    {
        var writer = new FrameWriter();

        Assert.Equal("""{"type":"state"}""", Text(writer.Write(RequestKind.State, null)));
        Assert.Equal("""{"type":"close"}""", Text(writer.Write(RequestKind.Close, null)));
    }

    [Fact]
    public void Write_AfterLargeRequest_NextFrameIsComplete()
    {
        var writer = new FrameWriter();
        writer.Write(RequestKind.Step, new { note = new string('x', 1 << 20) });

        var frame = Text(writer.Write(RequestKind.Step, new { dose = 1 }));

        Assert.Equal("""{"type":"step","data":{"dose":1}}""", frame);
    }

    private static string Text(ReadOnlyMemory<byte> frame) => Encoding.UTF8.GetString(frame.Span);
}
