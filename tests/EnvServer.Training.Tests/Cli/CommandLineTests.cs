using EnvServer.Api.Cli;

namespace EnvServer.Training.Tests.Cli;

public sealed class CommandLineTests
{
    [Fact]
    public void KeyValues_RepeatedPairs_KeepJsonTypesAndStrings()
    {
        var line = CommandLine.Parse(["--env-option", "integrator=fast", "--env-option", "max_steps=50,early_termination=true"]);

        var options = line.KeyValues("--env-option");

        Assert.Equal("fast", options["integrator"]);
        Assert.Equal(50.0, options["max_steps"]);
        Assert.Equal(true, options["early_termination"]);
    }

    [Fact]
    public void KeyValues_PairWithoutEquals_NamesTheOption()
    {
        var line = CommandLine.Parse(["--env-option", "integrator"]);

        var error = Assert.Throws<ArgumentException>(() => line.KeyValues("--env-option"));
        Assert.Contains("--env-option", error.Message);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void Bool_TrueOrFalse_Parses(string text, bool expected) =>
        Assert.Equal(expected, CommandLine.Parse(["--norm-reward", text]).Bool("--norm-reward", !expected));

    [Fact]
    public void Bool_OtherText_NamesTheOption() =>
        Assert.Contains("--norm-reward", Assert.Throws<ArgumentException>(() => CommandLine.Parse(["--norm-reward", "yes"]).Bool("--norm-reward", true)).Message);

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
