using System.Globalization;

namespace EnvServer.Tools.Llm;

/// <summary>
/// <c>scripted-llm [--port 8011] [--seed 0]</c>: serves a <see cref="SchemaSamplingScript"/> as an OpenAI-compatible
/// chat-completions endpoint on loopback until stopped (Ctrl+C or SIGTERM), so the LLM agent can be run end to end
/// with API_BASE_URL pointing at it and no model.
/// </summary>
internal sealed class ScriptedLlmCommand : IToolCommand
{
    public string Name => "scripted-llm";

    public string Summary => "serve a scripted OpenAI-compatible chat endpoint on loopback (schema-sampled actions, no model)";

    public int Run(IReadOnlyList<string> args, TextWriter output)
    {
        var port = 8011;
        var seed = 0;
        for (var i = 0; i < args.Count; i++)
        {
            var known = i + 1 < args.Count && (args[i] is "--port" or "--seed");
            if (!known || !int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                Console.Error.WriteLine($"usage: {Name} [--port N] [--seed N]");
                return 2;
            }

            if (args[i] == "--port") port = value;
            else seed = value;
            i++;
        }

        return RunAsync(port, seed, output).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int port, int seed, TextWriter output)
    {
        await using var server = await ScriptedChatServer.StartAsync(new SchemaSamplingScript(seed), port);
        output.WriteLine($"scripted chat-completions endpoint at {server.BaseUrl} (seed {seed}); stop with Ctrl+C");
        await server.WaitForShutdownAsync();
        return 0;
    }
}
