using EnvServer.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace EnvServer.Training.Rollouts;

/// <summary>
/// The worker's default when no --server URL is given: the server started in this process on a free
/// loopback port. The worker still reaches it only over WebSocket, as it would a remote server.
/// </summary>
internal sealed class EmbeddedServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmbeddedServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<EmbeddedServer> StartAsync(CancellationToken ct = default)
    {
        var app = EnvServerApplication.Create(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EmbeddedServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
