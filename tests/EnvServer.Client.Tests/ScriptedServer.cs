using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace EnvServer.Client.Tests;

/// <summary>
/// A WebSocket endpoint whose behaviour a test scripts, for the misbehaving servers the real one never
/// imitates: silence, wrong reply types, unasked frames.
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private ScriptedServer(WebApplication app, Uri url)
    {
        this.app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static Task<ScriptedServer> StartAsync(Func<WebSocket, Task> script) =>
        StartAsync((_, socket) => script(socket));

    /// <summary>A script that also reads the upgrade request, e.g. its headers.</summary>
    /// <param name="script">Runs on the accepted WebSocket.</param>
    /// <param name="beforeAccept">Runs before the upgrade is accepted, e.g. to add response headers; setting an error
    /// status refuses the upgrade with it.</param>
    public static async Task<ScriptedServer> StartAsync(Func<HttpContext, WebSocket, Task> script, Action<HttpContext>? beforeAccept = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/ws", async (HttpContext context) =>
        {
            beforeAccept?.Invoke(context);
            if (context.Response.StatusCode != StatusCodes.Status200OK) return;
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await script(context, socket);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new ScriptedServer(app, new Uri(address));
    }

    public static Task SendAsync(WebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>Reads one whole message, or null once the client has gone.</summary>
    public static async Task<string?> ReceiveAsync(WebSocket socket)
    {
        var buffer = new byte[4096];
        var text = new StringBuilder();
        try
        {
            ValueWebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close) return null;
                text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            }
            while (!result.EndOfMessage);
        }
        catch (WebSocketException)
        {
            return null;
        }

        return text.ToString();
    }

    /// <summary>Reads until the client goes, answering nothing.</summary>
    public static async Task DrainAsync(WebSocket socket)
    {
        while (await ReceiveAsync(socket) is not null)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
