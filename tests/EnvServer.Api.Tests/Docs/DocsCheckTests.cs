extern alias tools;

using EnvServer.Api.Tests.Infrastructure;
using tools::EnvServer.Tools.Docs;

namespace EnvServer.Api.Tests.Docs;

/// <summary>
/// The docs check's parts: which blocks count as runnable, the server address they are moved to, and how a block
/// fails (exit code, a failing command mid-block, an HTTP error from curl, running too long) with its file and line.
/// </summary>
public sealed class DocsCheckTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private readonly string scratch = Directory.CreateTempSubdirectory("docs-check-tests-").FullName;

    [Fact]
    public void Find_MarkedBlocks_OnlyRunnableOnesWithFileAndLine()
    {
        Write("README.md", "# X\n\n```bash runnable\ncurl -s localhost:8000/health\n```\n\n```bash\nnot run\n```\n");
        Write("docs/a.md", "````markdown\n```bash runnable\nshown, not run\n```\n````\n\n~~~python runnable\nprint(1)\n~~~\n");

        var blocks = RunnableBlock.Find(DocumentationSet.Load(scratch));

        Assert.Equal(
            [
                new RunnableBlock("README.md", 3, BlockLanguage.Bash, "curl -s localhost:8000/health\n"),
                new RunnableBlock("docs/a.md", 7, BlockLanguage.Python, "print(1)\n"),
            ],
            blocks);
    }

    [Fact]
    public void Find_RunnableBlockInOtherLanguage_FailsNamingFileAndLine()
    {
        Write("README.md", "text\n\n```ruby runnable\nputs 1\n```\n");

        var error = Assert.Throws<FormatException>(() => RunnableBlock.Find(DocumentationSet.Load(scratch)));

        Assert.Contains("README.md:3", error.Message);
    }

    [Fact]
    public void Find_RepositoryDocumentation_HasTheTourAndTheCurlWalkThrough()
    {
        var blocks = RunnableBlock.Find(DocumentationSet.Load(DocumentationSet.FindRoot()));

        Assert.Contains(blocks, b => b.File == "README.md" && b.Code.Contains("curl -s localhost:8000/health", StringComparison.Ordinal));
        Assert.Contains(blocks, b => b.File == "docs/protocol.md" && b.Code.Contains("/envs/drug-dose/close", StringComparison.Ordinal));
    }

    [Fact]
    public void CodeFor_DocumentedAddress_MovedToPort()
    {
        var block = new RunnableBlock("README.md", 1, BlockLanguage.Bash, "curl localhost:8000/x http://127.0.0.1:8000/y ws://localhost:8000/ws localhost:80001");

        Assert.Equal("curl localhost:5123/x http://127.0.0.1:5123/y ws://localhost:5123/ws localhost:51231", block.CodeFor(5123));
    }

    [Fact]
    public async Task RunAsync_CurlAgainstServer_PassesAndHttpErrorFails()
    {
        await using var server = new ServerHost();
        using var runner = new BlockRunner(scratch, server.BaseAddress.Port, "python3");

        var healthy = await runner.RunAsync(Bash("curl -s localhost:8000/health\n"), Generous);
        var unknown = await runner.RunAsync(Bash("curl -s localhost:8000/envs/no-such-env/health\necho after\n"), Generous);

        Assert.True(healthy.Passed, string.Join('\n', healthy.OutputTail));
        Assert.Contains(healthy.OutputTail, line => line.Contains("\"status\":\"healthy\"", StringComparison.Ordinal));
        Assert.False(unknown.Passed);
        Assert.Equal("exit code 22", unknown.Outcome);
        Assert.DoesNotContain("after", unknown.OutputTail);
    }

    [Fact]
    public async Task RunAsync_FailingCommandMidBlock_FailsWithItsExitCode()
    {
        using var runner = new BlockRunner(scratch, 1, "python3");

        var result = await runner.RunAsync(Bash("echo before\n(exit 3)\necho after\n"), Generous);

        Assert.False(result.Passed);
        Assert.Equal("exit code 3", result.Outcome);
        Assert.Equal(["before"], result.OutputTail);
        Assert.Equal("docs/x.md:12", result.Block.Location);
    }

    [Fact]
    public async Task RunAsync_FailingPipelineStage_Fails()
    {
        using var runner = new BlockRunner(scratch, 1, "python3");

        var result = await runner.RunAsync(Bash("false | cat\n"), Generous);

        Assert.False(result.Passed);
    }

    [Fact]
    public async Task RunAsync_BlockLongerThanTimeout_KilledAndFails()
    {
        using var runner = new BlockRunner(scratch, 1, "python3");

        var result = await runner.RunAsync(Bash("sleep 60\n"), TimeSpan.FromSeconds(1));

        Assert.False(result.Passed);
        Assert.Equal("still running after 1 s, killed", result.Outcome);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(30), $"took {result.Elapsed}");
    }

    [Fact]
    public async Task RunAsync_PythonBlock_RunsInWorkingDirectoryWithExitCode()
    {
        Write("marker.txt", "here");
        using var runner = new BlockRunner(scratch, 1, "python3");

        var passed = await runner.RunAsync(Python("print(open('marker.txt').read())\n"), Generous);
        var failed = await runner.RunAsync(Python("import sys\nsys.exit(4)\n"), Generous);

        Assert.True(passed.Passed, string.Join('\n', passed.OutputTail));
        Assert.Equal(["here"], passed.OutputTail);
        Assert.Equal("exit code 4", failed.Outcome);
    }

    [Theory]
    [InlineData("--block-timeout", "0")]
    [InlineData("--timeout", "soon")]
    [InlineData("--python", null)]
    [InlineData("--blok-timeout", "5")]
    public void Parse_BadCommandLine_NamesTheOption(string option, string? value)
    {
        var error = new StringWriter();

        var options = DocsCheckOptions.Parse(value is null ? [option] : [option, value], error);

        Assert.Null(options);
        Assert.Contains(option, error.ToString());
    }

    [Fact]
    public void Parse_Options_SetEachField()
    {
        var options = DocsCheckOptions.Parse(["--block-timeout", "30", "--timeout", "90", "--python", "/usr/bin/python3", "--no-build", "--list"], TextWriter.Null);

        Assert.Equal(TimeSpan.FromSeconds(30), options!.BlockTimeout);
        Assert.Equal(TimeSpan.FromSeconds(90), options.Timeout);
        Assert.Equal("/usr/bin/python3", options.Python);
        Assert.True(options.NoBuild);
        Assert.True(options.List);
    }

    [Fact]
    public async Task StartAsync_NoBuildWithoutBuild_FailsNamingTheMissingServer()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => DocsServer.StartAsync(scratch, Generous, noBuild: true));

        Assert.Contains(Path.Combine("src", "EnvServer.Api", "bin", "Debug", "net10.0", "EnvServer.Api.dll"), error.Message);
    }

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    private static RunnableBlock Bash(string code) => new("docs/x.md", 12, BlockLanguage.Bash, code);

    private static RunnableBlock Python(string code) => new("docs/x.md", 12, BlockLanguage.Python, code);

    private void Write(string path, string text)
    {
        var full = Path.Combine(scratch, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }
}
