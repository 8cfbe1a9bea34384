using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EnvServer.Tools.Llm;

/// <summary>
/// A real HTTP endpoint on loopback speaking the OpenAI chat-completions protocol (<c>POST /v1/chat/completions</c>),
/// whose answers come from an <see cref="IChatScript"/> instead of a model: for tests of the LLM agent and for
/// running it end to end with no model. It keeps every request body, so tests can read what the agent sent.
/// </summary>
internal sealed class ScriptedChatServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<JsonElement> _requests = new();
    private int _replies;

    private ScriptedChatServer(WebApplication app, IChatScript script)
    {
        _app = app;
        app.MapPost("/v1/chat/completions", (Delegate)((HttpContext context) => AnswerAsync(context, script)));
    }

    /// <summary>The base URL to give the client, e.g. http://127.0.0.1:8011/v1.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Request bodies received so far, in arrival order.</summary>
    public IReadOnlyList<JsonElement> Requests => _requests.ToArray();

    /// <summary>Starts answering from <paramref name="script"/> on loopback <paramref name="port"/> (0 picks a free one).</summary>
    public static async Task<ScriptedChatServer> StartAsync(IChatScript script, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var server = new ScriptedChatServer(builder.Build(), script);
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri($"{address}/v1");
        return server;
    }

    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context, IChatScript script)
    {
        var request = (await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted)).RootElement.Clone();
        _requests.Enqueue(request);
        var model = request.TryGetProperty("model", out var m) ? m.GetString() : "scripted";
        var id = Interlocked.Increment(ref _replies);
        switch (script.Next(request))
        {
            case ScriptedReply.Failure failure:
                context.Response.StatusCode = failure.Status;
                if (failure.RetryAfterSeconds is { } seconds) context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await context.Response.WriteAsJsonAsync(new JsonObject
                {
                    ["error"] = new JsonObject { ["message"] = $"scripted failure {failure.Status}", ["type"] = "scripted", ["code"] = failure.Status },
                });
                break;
            case ScriptedReply.Stall stall:
                try
                {
                    await Task.Delay(stall.Delay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                context.Response.StatusCode = StatusCodes.Status504GatewayTimeout;
                break;
            case ScriptedReply.Content content:
                await context.Response.WriteAsJsonAsync(Completion(id, model, content.Text, null));
                break;
            case ScriptedReply.ToolCall call:
                await context.Response.WriteAsJsonAsync(Completion(id, model, call.Text, call));
                break;
        }
    }

    private static JsonObject Completion(int id, string? model, string? text, ScriptedReply.ToolCall? call)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = text };
        if (call is not null)
        {
            message["tool_calls"] = new JsonArray(new JsonObject
            {
                ["id"] = $"call_{id}",
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = call.Arguments },
            });
        }

        return new JsonObject
        {
            ["id"] = $"chatcmpl-{id}",
            ["object"] = "chat.completion",
            ["created"] = 0,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = message,
                ["finish_reason"] = call is null ? "stop" : "tool_calls",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 0, ["completion_tokens"] = 0, ["total_tokens"] = 0 },
        };
    }
}
