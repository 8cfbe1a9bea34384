using EnvServer.Agent.Core.Llm;
using EnvServer.Api.Protocol;

namespace EnvServer.Api.Agents;

internal static class AgentSuggestionExtensions
{
    /// <summary>
    /// Suggestions answer a person waiting, so the model gets fewer retries than the agent CLI's and shorter waits:
    /// at most 2 retries, each wait capped at 5 s.
    /// </summary>
    private const int SuggestionRetries = 2;

    private static readonly TimeSpan SuggestionMaxBackoff = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Registers <see cref="ActionSuggester"/> with the model of API_BASE_URL, MODEL_NAME and HF_TOKEN or OPENAI_API_KEY
    /// (environment, command line or .env); none configured means heuristic answers. A malformed API_BASE_URL stops start-up.
    /// </summary>
    public static WebApplicationBuilder AddAgentSuggestions(this WebApplicationBuilder builder)
    {
        var llm = LlmOptions.FromSettings(key => builder.Configuration[key]) with { MaxRetries = SuggestionRetries, MaxBackoff = SuggestionMaxBackoff };
        builder.Services.AddSingleton(services => new ActionSuggester(services.GetRequiredService<EnvironmentCatalog>(), llm));
        return builder;
    }
}
