using EnvServer.Agent.Core.Llm;
using EnvServer.Agent.Core.Policy;
using EnvServer.Agent.Runs;
using EnvServer.Api.Cli;

namespace EnvServer.Agent.Cli;

/// <summary>
/// The agent's one command: find the environments and tasks to play, play every (task, seed) episode with at most
/// <see cref="AgentOptions.Concurrency"/> at once, each on its own session, then print the score table. Structured
/// lines and the table go to <c>output</c>; where the server and transcript are, to <c>diagnostics</c>.
/// </summary>
internal static class AgentCommand
{
    public static async Task<int> RunAsync(AgentOptions options, TextWriter output, TextWriter diagnostics, CancellationToken ct)
    {
        await using var servers = await ServerConnection.OpenAsync(options.Server is null ? [] : [options.Server], options.ServerApiKey, ct);
        var server = servers.Urls[0];
        var (defaultEnvironment, hosted) = await Discovery.DiscoverAsync(servers, options.ToolCalling, ct);
        var episodes = Plan(options, defaultEnvironment, hosted);

        var transcriptPath = options.Transcript ?? Path.Combine("runs", "agent", $"transcript-{DateTime.UtcNow:yyyyMMdd-HHmmss}.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(transcriptPath))!);
        using var transcript = new JsonlTranscript(new StreamWriter(transcriptPath));
        var model = options.Llm.HasApiKey ? new ChatModel(options.Llm) : null;
        var policy = new LlmPolicy(model, new PolicyOptions { MaxCorrections = options.MaxCorrections, ToolCalling = options.ToolCalling }, transcript);
        diagnostics.WriteLine($"server {server}{(servers.IsEmbedded ? " (embedded)" : "")}; model {(model is null ? "none: no HF_TOKEN or OPENAI_API_KEY, every action is the baseline's" : $"{model.Model} at {options.Llm.BaseUrl}")}; transcript {transcriptPath}");

        var runner = new EpisodeRunner(policy, options, servers.SessionOptions);
        var live = options.Concurrency == 1;
        var results = new EpisodeResult?[episodes.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, episodes.Count), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = ct },
            async (i, token) =>
            {
                var (environment, task, seed) = episodes[i];
                results[i] = await runner.PlayAsync(environment, task, seed, new EpisodeLog(output, live), token);
            });

        output.WriteLine();
        output.Write(ScoreTable.Markdown(results.Select(r => r!).ToArray()));
        return results.Any(r => r!.Error is not null) ? 1 : 0;
    }

    /// <summary>The episodes to play, task by task in the server's order; episode i of a task has seed Seed + i.</summary>
    private static List<(HostedEnvironment Environment, string Task, int Seed)> Plan(AgentOptions options, string defaultEnvironment, IReadOnlyList<HostedEnvironment> hosted)
    {
        var chosen = options.Environment ?? (options.AllTasks ? null : defaultEnvironment);
        var environments = chosen is null ? hosted : hosted.Where(h => h.Profile.Id == chosen).ToArray();
        if (environments.Count == 0) throw new ArgumentException($"--env: unknown environment '{chosen}'; the server has {string.Join(", ", hosted.Select(h => h.Profile.Id))}.");

        var plan = new List<(HostedEnvironment, string, int)>();
        foreach (var environment in environments)
        {
            var tasks = options.AllTasks ? environment.Tasks : [options.Task ?? environment.DefaultTask];
            if (tasks.FirstOrDefault(t => !environment.Tasks.Contains(t)) is { } unknown)
            {
                throw new ArgumentException($"--task: unknown task '{unknown}' of {environment.Profile.Id}; its tasks are {string.Join(", ", environment.Tasks)}.");
            }

            foreach (var task in tasks)
            {
                for (var i = 0; i < options.Episodes; i++) plan.Add((environment, task, options.Seed + i));
            }
        }

        return plan;
    }
}
