using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EnvServer.Api.Tests.Infrastructure;

/// <summary>
/// The real server on Kestrel at a free loopback port, for tests over real HTTP and real
/// WebSockets. Settings are the server's environment-variable names (MAX_CONCURRENT_ENVS, ...).
/// </summary>
public sealed class ServerHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    /// <param name="settings">Server settings by environment-variable name.</param>
    /// <param name="services">Replacements of the server's services, e.g. another environment registry.</param>
    public ServerHost(IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            // Without an explicit URL the server binds 0.0.0.0:8000 (OpenEnv's container contract),
            // which UseKestrel(0) does not override; parallel hosts need a free loopback port each.
            builder.UseSetting("urls", "http://127.0.0.1:0");
            foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
            if (services is not null) builder.ConfigureServices(services);
        });
        _factory.UseKestrel(0);
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First().Replace("0.0.0.0", "127.0.0.1").Replace("[::]", "127.0.0.1"));
        Http = new HttpClient { BaseAddress = BaseAddress };
    }

    /// <summary>http://127.0.0.1:port</summary>
    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _factory.Services;

    /// <summary>ws://127.0.0.1:port + path, e.g. "/ws" or "/envs/drug-dose/ws".</summary>
    public Uri WebSocketUri(string path = "/ws") => new($"ws://{BaseAddress.Authority}{path}");

    public async Task<RawWebSocket> ConnectAsync(string path = "/ws")
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(WebSocketUri(path), CancellationToken.None);
        return new RawWebSocket(socket);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _factory.DisposeAsync();
    }
}

/// <summary>A bare WebSocket that sends text and reads whole replies as JSON, for protocol-level tests.</summary>
public sealed class RawWebSocket(ClientWebSocket socket) : IAsyncDisposable
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);

    public ClientWebSocket Socket { get; } = socket;

    public Task SendTextAsync(string text) =>
        Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>Sends one message and returns the one reply.</summary>
    public async Task<JsonElement> RequestAsync(string text)
    {
        await SendTextAsync(text);
        return await ReceiveJsonAsync();
    }

    public async Task<JsonElement> ReceiveJsonAsync() =>
        JsonDocument.Parse(await ReceiveTextAsync() ?? throw new InvalidOperationException("The server closed the connection")).RootElement.Clone();

    /// <summary>The next whole text message, or null when the server closes.</summary>
    public async Task<string?> ReceiveTextAsync()
    {
        using var timeout = new CancellationTokenSource(ReplyTimeout);
        var buffer = new byte[8192];
        using var message = new MemoryStream();
        while (true)
        {
            var received = await Socket.ReceiveAsync(buffer, timeout.Token);
            if (received.MessageType == WebSocketMessageType.Close) return null;
            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage) return Encoding.UTF8.GetString(message.ToArray());
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
        }
        catch (Exception error) when (error is WebSocketException or OperationCanceledException)
        {
            // Already gone.
        }

        Socket.Dispose();
    }
}
