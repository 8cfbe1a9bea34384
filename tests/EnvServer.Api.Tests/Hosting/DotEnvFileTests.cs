using EnvServer.Api.Hosting;

namespace EnvServer.Api.Tests.Hosting;

public sealed class DotEnvFileTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"envserver-{Guid.NewGuid():N}.env");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Read_CommentsQuotesAndRepeats_KeepsTheFirstValueOfEachKey()
    {
        File.WriteAllLines(_path, ["# a comment", "", "MODEL_NAME = \"Qwen/Qwen2.5-72B-Instruct\"", "HF_TOKEN='hf_abc'", "=no key", "not a setting", "MODEL_NAME=second"]);

        var settings = DotEnvFile.Read(_path);

        Assert.Equal(2, settings.Count);
        Assert.Equal("Qwen/Qwen2.5-72B-Instruct", settings["MODEL_NAME"]);
        Assert.Equal("hf_abc", settings["HF_TOKEN"]);
    }

    [Fact]
    public void Read_NoFile_IsEmpty()
    {
        Assert.Empty(DotEnvFile.Read(_path));
    }

    [Fact]
    public void OverEnvironment_VariableSetInBoth_EnvironmentWins()
    {
        var inBoth = $"ENVSERVER_TEST_{Guid.NewGuid():N}";
        var fileOnly = $"ENVSERVER_TEST_{Guid.NewGuid():N}";
        File.WriteAllLines(_path, [$"{inBoth}=from-file", $"{fileOnly}=only-in-file"]);
        Environment.SetEnvironmentVariable(inBoth, "from-environment");
        try
        {
            var settings = DotEnvFile.OverEnvironment(_path);

            Assert.Equal("from-environment", settings(inBoth));
            Assert.Equal("only-in-file", settings(fileOnly));
            Assert.Null(settings($"ENVSERVER_TEST_{Guid.NewGuid():N}"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(inBoth, null);
        }
    }
}
