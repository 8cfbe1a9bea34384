namespace EnvServer.Agent.Core.Llm;

/// <summary>
/// The chat-completions endpoint and how to call it. Read from the same variables as the seed's inference script
/// (<see cref="FromSettings"/>); every OpenAI-compatible server works (Hugging Face router, vLLM, OpenAI, ...).
/// </summary>
public sealed record LlmOptions
{
    /// <summary>Base URL of the OpenAI-compatible API (API_BASE_URL). Default https://router.huggingface.co/v1, as the seed.</summary>
    public Uri BaseUrl { get; init; } = new("https://router.huggingface.co/v1");

    /// <summary>Model id (MODEL_NAME). Default Qwen/Qwen2.5-72B-Instruct, as the seed.</summary>
    public string Model { get; init; } = "Qwen/Qwen2.5-72B-Instruct";

    /// <summary>Bearer token (HF_TOKEN, else OPENAI_API_KEY). Default none: no model is called and the baselines answer.</summary>
    public string? ApiKey { get; init; }

    /// <summary>How long one request may take before it counts as a timeout and is retried. Default 60 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries of one request after a timeout, a 429, a 5xx or a dropped connection. Default 4.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>Wait before the first retry, doubled for each next one (no jitter, so runs repeat). Default 1 s.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between retries, also the cap on a server's Retry-After. Default 30 s.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Sampling temperature. Default 0, for repeatable replies.</summary>
    public float Temperature { get; init; }

    /// <summary>Longest reply, in tokens. Default 512.</summary>
    public int MaxOutputTokens { get; init; } = 512;

    /// <summary>Whether a model is configured: an API key is set.</summary>
    public bool HasApiKey => !string.IsNullOrWhiteSpace(ApiKey);

    /// <summary>
    /// Reads API_BASE_URL, MODEL_NAME and HF_TOKEN or OPENAI_API_KEY from <paramref name="setting"/> (environment
    /// variables, configuration); a missing or empty one keeps its default.
    /// </summary>
    /// <exception cref="ArgumentException">API_BASE_URL is not an absolute http(s) URL.</exception>
    public static LlmOptions FromSettings(Func<string, string?> setting)
    {
        var defaults = new LlmOptions();
        string? Read(string key) => setting(key)?.Trim() is { Length: > 0 } value ? value : null;
        var baseUrl = Read("API_BASE_URL");
        Uri? url = null;
        if (baseUrl is not null && (!Uri.TryCreate(baseUrl, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https")))
        {
            throw new ArgumentException($"API_BASE_URL must be an absolute http(s) URL, got '{baseUrl}'.", nameof(setting));
        }

        return defaults with
        {
            BaseUrl = url ?? defaults.BaseUrl,
            Model = Read("MODEL_NAME") ?? defaults.Model,
            ApiKey = Read("HF_TOKEN") ?? Read("OPENAI_API_KEY"),
        };
    }
}
