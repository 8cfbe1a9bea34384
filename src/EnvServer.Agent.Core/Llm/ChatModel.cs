using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;

namespace EnvServer.Agent.Core.Llm;

/// <summary>
/// A chat-completions model behind the official OpenAI client. Timeouts, 429s, 5xx and dropped connections are
/// retried here with exponential backoff (honouring Retry-After), with the client's own retries turned off so
/// the count and the waits are this class's alone; other errors, and running out of retries, raise
/// <see cref="ModelUnavailableException"/>, which the policy answers with the baseline instead of failing the run.
/// </summary>
public sealed class ChatModel
{
    private readonly ChatClient _client;
    private readonly LlmOptions _options;

    /// <exception cref="ArgumentException">No API key is set.</exception>
    public ChatModel(LlmOptions options)
    {
        if (!options.HasApiKey) throw new ArgumentException("A chat model needs an API key (HF_TOKEN or OPENAI_API_KEY).", nameof(options));
        _options = options;
        _client = new ChatClient(options.Model, new ApiKeyCredential(options.ApiKey!), new OpenAIClientOptions
        {
            Endpoint = options.BaseUrl,
            NetworkTimeout = options.RequestTimeout,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });
    }

    /// <summary>The model id sent with each request.</summary>
    public string Model => _options.Model;

    /// <summary>Sends the conversation, offering <paramref name="tool"/> when given, and returns the first reply that arrives.</summary>
    /// <exception cref="ModelUnavailableException">No reply after the retries, or an error that retrying cannot fix.</exception>
    public async Task<ModelReply> CompleteAsync(IReadOnlyList<Turn> turns, ActionTool? tool, CancellationToken ct = default)
    {
        var messages = turns.Select(ToMessage).ToArray();
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            string failure;
            TimeSpan? retryAfter = null;
            try
            {
                var result = await _client.CompleteChatAsync(messages, Options(tool), ct).ConfigureAwait(false);
                return ToReply(result.Value) with { Retries = attempt, Elapsed = Stopwatch.GetElapsedTime(started) };
            }
            catch (ClientResultException error) when (IsTransient(error.Status))
            {
                failure = error.Status == 0 ? $"connection failed ({error.InnerException?.Message ?? error.Message})" : $"HTTP {error.Status}";
                retryAfter = RetryAfter(error);
            }
            catch (ClientResultException error)
            {
                throw new ModelUnavailableException($"The model endpoint answered HTTP {error.Status}: {FirstLine(error.Message)}", attempt, error);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                failure = $"no reply within {_options.RequestTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s";
            }
            catch (HttpRequestException error)
            {
                failure = $"connection failed ({error.Message})";
            }
            catch (Exception error) when (error is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
            {
                // A 200 whose body is no chat completion: the endpoint is not what API_BASE_URL promised.
                throw new ModelUnavailableException($"The model endpoint's reply is not a chat completion: {FirstLine(error.Message)}", attempt, error);
            }

            if (attempt >= _options.MaxRetries)
            {
                throw new ModelUnavailableException($"The model gave no reply after {attempt + 1} attempts; the last: {failure}.", attempt);
            }

            await Task.Delay(Backoff(attempt, retryAfter), ct).ConfigureAwait(false);
        }
    }

    /// <summary>Wait before retry <paramref name="attempt"/> + 1: the server's Retry-After, else the doubling backoff; capped.</summary>
    internal TimeSpan Backoff(int attempt, TimeSpan? retryAfter)
    {
        var doubling = _options.InitialBackoff * Math.Pow(2, Math.Min(attempt, 30));
        var wait = retryAfter ?? doubling;
        return wait < _options.MaxBackoff ? wait : _options.MaxBackoff;
    }

    /// <summary>Status 0 is a connection that failed before any response; 408, 429 and 5xx are worth another try.</summary>
    private static bool IsTransient(int status) => status is 0 or 408 or 429 or >= 500;

    private static TimeSpan? RetryAfter(ClientResultException error) =>
        error.GetRawResponse() is { } response
        && response.Headers.TryGetValue("Retry-After", out var value)
        && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
        && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : null;

    private ChatCompletionOptions Options(ActionTool? tool)
    {
        var options = new ChatCompletionOptions { Temperature = _options.Temperature, MaxOutputTokenCount = _options.MaxOutputTokens };
        if (tool is not null) options.Tools.Add(ChatTool.CreateFunctionTool(tool.Name, tool.Description, BinaryData.FromString(tool.Parameters.GetRawText())));
        return options;
    }

    private static ChatMessage ToMessage(Turn turn) => turn.Role switch
    {
        "system" => new SystemChatMessage(turn.Text ?? ""),
        "user" => new UserChatMessage(turn.Text ?? ""),
        "tool" => new ToolChatMessage(turn.ToolCallId!, turn.Text ?? ""),
        _ when turn.ToolCall is { } call =>
            new AssistantChatMessage([ChatToolCall.CreateFunctionToolCall(call.Id, call.Name, BinaryData.FromString(call.Arguments))]),
        _ => new AssistantChatMessage(turn.Text ?? ""),
    };

    private static ModelReply ToReply(ChatCompletion completion)
    {
        var text = string.Concat(completion.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));
        var call = completion.ToolCalls.FirstOrDefault();
        return new ModelReply(
            text.Length == 0 ? null : text,
            call is null ? null : new ModelToolCall(call.Id, call.FunctionName, call.FunctionArguments.ToString()));
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0];
}
