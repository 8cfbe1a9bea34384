using System.Text.Json;
using System.Text.RegularExpressions;
using EnvServer.Agent.Cli;
using EnvServer.Tools.Llm;

namespace EnvServer.Agent.Tests.Infrastructure;

/// <summary>
/// Runs the agent's command in-process, exactly as <c>dotnet run --project src/EnvServer.Agent -- ARGS</c> does
/// (embedded environment server, real WebSockets), against a <see cref="ScriptedChatServer"/> on loopback, and
/// keeps what it printed and its transcript.
/// </summary>
internal sealed partial class AgentRun
{
    private AgentRun(int exitCode, string output, IReadOnlyList<JsonElement> transcript, IReadOnlyList<JsonElement> requests)
    {
        ExitCode = exitCode;
        Output = output;
        Lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Transcript = transcript;
        Requests = requests;
    }

    public int ExitCode { get; }

    public string Output { get; }

    public string[] Lines { get; }

    /// <summary>The JSONL transcript, one element per model request.</summary>
    public IReadOnlyList<JsonElement> Transcript { get; }

    /// <summary>The chat-completions request bodies the scripted endpoint received.</summary>
    public IReadOnlyList<JsonElement> Requests { get; }

    public IEnumerable<string> StepLines => Lines.Where(l => l.StartsWith("[STEP]", StringComparison.Ordinal));

    /// <summary>Fast backoff so retry tests take milliseconds; everything else as on the command line.</summary>
    public static Task<AgentRun> StartAsync(IChatScript? script, params string[] args) => StartWithApiKeyAsync(null, script, args);

    /// <summary>As <see cref="StartAsync"/>, with the environment variable API_KEY set to <paramref name="apiKey"/> (unset when null).</summary>
    public static async Task<AgentRun> StartWithApiKeyAsync(string? apiKey, IChatScript? script, params string[] args)
    {
        await using var chat = script is null ? null : await ScriptedChatServer.StartAsync(script);
        var transcript = Path.Combine(Path.GetTempPath(), $"agent-test-{Guid.NewGuid():N}.jsonl");
        var settings = new Dictionary<string, string?>
        {
            ["API_BASE_URL"] = chat?.BaseUrl.ToString(),
            ["MODEL_NAME"] = "scripted-model",
            ["OPENAI_API_KEY"] = chat is null ? null : "test-key",
            ["API_KEY"] = apiKey,
        };
        var options = AgentOptions.Parse([.. args, "--transcript", transcript, "--llm-backoff", "0.01"], key => settings.GetValueOrDefault(key));
        using var output = new StringWriter();
        var exitCode = await AgentCommand.RunAsync(options, output, TextWriter.Null, CancellationToken.None);
        var lines = File.ReadAllLines(transcript).Select(l => JsonElement.Parse(l)).ToArray();
        File.Delete(transcript);
        return new AgentRun(exitCode, output.ToString(), lines, chat?.Requests ?? []);
    }

    /// <summary>The fields of a [STEP] line.</summary>
    public static Match ParseStep(string line)
    {
        var match = StepPattern().Match(line);
        Assert.True(match.Success, $"not a [STEP] line in the seed's format: {line}");
        return match;
    }

    [GeneratedRegex(@"^\[STEP\] step=(?<step>\d+) action=(?<action>\S+) reward=(?<reward>-?\d+\.\d\d) done=(?<done>true|false) error=(?<error>.+)$")]
    private static partial Regex StepPattern();
}
