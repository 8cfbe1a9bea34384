extern alias tools;

using tools::EnvServer.Tools.Soak;

namespace EnvServer.Api.Tests.Tools;

/// <summary>The soak's verdict: the run fails on a server error, a refused valid request, or memory growth past the bound.</summary>
public sealed class SoakReportTests
{
    private static readonly SoakOptions Options = new() { MaxGrowthMiB = 64 };

    [Fact]
    public void Write_CleanRunWithinBound_Passes()
    {
        var (exit, text) = Verdict(Tally("http 200", "ws observation", "ws VALIDATION_ERROR", "http 422"), warmKiB: 100_000, endKiB: 100_000 + 63 * 1024);

        Assert.Equal(0, exit);
        Assert.EndsWith("PASS", text.TrimEnd());
    }

    [Fact]
    public void Write_MemoryGrowthPastBound_Fails()
    {
        var (exit, text) = Verdict(Tally("http 200"), warmKiB: 100_000, endKiB: 100_000 + 65 * 1024);

        Assert.Equal(1, exit);
        Assert.Contains("over the 64 MiB bound", text);
    }

    [Theory]
    [InlineData("http 500")]
    [InlineData("http 503")]
    [InlineData(SoakTally.InternalError)]
    public void Write_ServerError_Fails(string outcome)
    {
        var (exit, text) = Verdict(Tally("http 200", outcome), warmKiB: 100_000, endKiB: 100_000);

        Assert.Equal(1, exit);
        Assert.Contains("1 5xx or internal errors", text);
    }

    [Fact]
    public void Write_RefusedValidRequest_Fails()
    {
        var tally = Tally("ws VALIDATION_ERROR");
        tally.Fail("ws valid Step refused with VALIDATION_ERROR");

        var (exit, text) = Verdict(tally, warmKiB: 100_000, endKiB: 100_000);

        Assert.Equal(1, exit);
        Assert.Contains("refused valid requests", text);
    }

    [Fact]
    public void Parse_Arguments_SetOptionsAndRejectUnknown()
    {
        var parsed = SoakOptions.Parse(["--sessions", "7", "--minutes", "0.5", "--url", "http://127.0.0.1:9/"], TextWriter.Null);

        Assert.Equal(7, parsed!.Sessions);
        Assert.Equal(TimeSpan.FromSeconds(30), parsed.Duration);
        Assert.Equal(16 * 1024 * 1024 + 1024, parsed.OversizeMessageBytes);
        Assert.Null(SoakOptions.Parse(["--bogus", "1"], TextWriter.Null));
        Assert.Null(SoakOptions.Parse(["--sessions", "0"], TextWriter.Null));
    }

    private static SoakTally Tally(params string[] outcomes)
    {
        var tally = new SoakTally();
        foreach (var outcome in outcomes) tally.Count(outcome);
        return tally;
    }

    private static (int Exit, string Text) Verdict(SoakTally tally, long warmKiB, long endKiB)
    {
        var memory = new SoakMemory(pid: null);
        memory.Record("start", warmKiB / 2);
        memory.Record("warm", warmKiB);
        memory.Record("end", endKiB);
        var output = new StringWriter();
        var exit = SoakReport.Write(output, Options, tally, memory, TimeSpan.FromMinutes(1));
        return (exit, output.ToString());
    }
}
