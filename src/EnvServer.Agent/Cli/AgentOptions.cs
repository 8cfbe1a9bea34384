using EnvServer.Agent.Core.Llm;
using EnvServer.Api.Cli;

namespace EnvServer.Agent.Cli;

/// <summary>A run of the agent, from the command line (<see cref="Usage"/>) and the LLM settings.</summary>
internal sealed record AgentOptions
{
    public const string Usage =
        "dotnet run --project src/EnvServer.Agent -- [--server URL] [--env ID] [--task ID | --all-tasks] [--episodes N] [--seed S] " +
        "[--concurrency C] [--tools] [--max-corrections K] [--history H] [--success-score X] [--transcript PATH] " +
        "[--llm-timeout SECONDS] [--llm-retries N] [--llm-backoff SECONDS]   (model: API_BASE_URL, MODEL_NAME, HF_TOKEN or OPENAI_API_KEY; " +
        "a --server that requires a key: API_KEY)";

    /// <summary>Server base URL. Default none: a server is started in this process on loopback.</summary>
    public string? Server { get; init; }

    /// <summary>
    /// The <see cref="Server"/>'s API key, from the API_KEY environment variable (not a flag: a command line shows in
    /// process lists). Default none. Never sent to the embedded server, which has no key.
    /// </summary>
    public string? ServerApiKey { get; init; }

    /// <summary>Environment id. Default the server's default environment, or every environment with <see cref="AllTasks"/>.</summary>
    public string? Environment { get; init; }

    /// <summary>Task id. Default the environment's default task.</summary>
    public string? Task { get; init; }

    /// <summary>Play every task (of every environment, or of <see cref="Environment"/>). Default false.</summary>
    public bool AllTasks { get; init; }

    /// <summary>Episodes per task. Default 1.</summary>
    public int Episodes { get; init; } = 1;

    /// <summary>Seed of the first episode of each task; episode i uses Seed + i. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Episodes played at once, each on its own WebSocket session. Default 4.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>Offer the action as a function tool (MCP's take_action) instead of asking for JSON text. Default false.</summary>
    public bool ToolCalling { get; init; }

    /// <summary>Corrections asked of the model per step before the baseline acts. Default 2.</summary>
    public int MaxCorrections { get; init; } = 2;

    /// <summary>Recent steps shown in each prompt. Default 5.</summary>
    public int History { get; init; } = 5;

    /// <summary>Grader score at or above which an episode counts as a success in its [END] line. Default 0.5.</summary>
    public double SuccessScore { get; init; } = 0.5;

    /// <summary>JSONL transcript of every prompt and reply. Default runs/agent/transcript-{UTC time}.jsonl.</summary>
    public string? Transcript { get; init; }

    public LlmOptions Llm { get; init; } = new();

    /// <exception cref="ArgumentException">An unknown option or a bad value, naming it.</exception>
    public static AgentOptions Parse(IReadOnlyList<string> args, Func<string, string?> settings)
    {
        var line = CommandLine.Parse(args, "--all-tasks", "--tools");
        var llm = LlmOptions.FromSettings(settings);
        var options = new AgentOptions
        {
            Server = line.Get("--server"),
            ServerApiKey = settings(ServerConnection.ApiKeyVariable),
            Environment = line.Get("--env"),
            Task = line.Get("--task"),
            AllTasks = line.Flag("--all-tasks"),
            Episodes = Positive(line, "--episodes", 1),
            Seed = line.Int("--seed", 0),
            Concurrency = Positive(line, "--concurrency", 4),
            ToolCalling = line.Flag("--tools"),
            MaxCorrections = NonNegative(line, "--max-corrections", 2),
            History = NonNegative(line, "--history", 5),
            SuccessScore = line.Float("--success-score", 0.5f),
            Transcript = line.Get("--transcript"),
            Llm = llm with
            {
                RequestTimeout = Seconds(line, "--llm-timeout") ?? llm.RequestTimeout,
                MaxRetries = NonNegative(line, "--llm-retries", llm.MaxRetries),
                InitialBackoff = Seconds(line, "--llm-backoff") ?? llm.InitialBackoff,
            },
        };
        if (options.AllTasks && options.Task is not null) throw new ArgumentException("--task and --all-tasks exclude each other.");
        return options;
    }

    private static int Positive(CommandLine line, string name, int fallback) =>
        line.Int(name, fallback) is var value && value >= 1 ? value : throw new ArgumentException($"{name} must be at least 1.");

    private static int NonNegative(CommandLine line, string name, int fallback) =>
        line.Int(name, fallback) is var value && value >= 0 ? value : throw new ArgumentException($"{name} must not be negative.");

    private static TimeSpan? Seconds(CommandLine line, string name) =>
        line.Get(name) is null ? null
        : line.Float(name, 0) is var seconds && seconds > 0 ? TimeSpan.FromSeconds(seconds)
        : throw new ArgumentException($"{name} must be a positive number of seconds.");
}
