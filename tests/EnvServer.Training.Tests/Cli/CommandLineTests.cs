using EnvServer.Training.Cli;

namespace EnvServer.Training.Tests.Cli;

public sealed class CommandLineTests
{
    [Fact]
    public void Parse_FlagWithOptionalValueFollowedByAnotherOption_IsSetWithoutValue()
    {
        var line = CommandLine.Parse(["--save-data", "--deterministic"], ["--deterministic"], ["--save-data"]);

        Assert.True(line.Flag("--save-data"));
        Assert.Null(line.Get("--save-data"));
        Assert.True(line.Flag("--deterministic"));
    }

    [Fact]
    public void Parse_FlagWithOptionalValueFollowedByAPath_TakesItAsTheValue()
    {
        var line = CommandLine.Parse(["--save-data", "out/eval", "--episodes", "3"], ["--deterministic"], ["--save-data"]);

        Assert.True(line.Flag("--save-data"));
        Assert.Equal("out/eval", line.Get("--save-data"));
        Assert.Equal(3, line.Int("--episodes", 10));
        Assert.False(line.Flag("--deterministic"));
    }

    [Fact]
    public void Parse_ValueAfterAPlainFlag_IsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => CommandLine.Parse(["--deterministic", "yes"], "--deterministic"));

        Assert.Contains("'yes'", error.Message, StringComparison.Ordinal);
    }
}
