using EnvServer.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace EnvServer.Tests.Shared;

/// <summary>
/// The real server on a free loopback port, started with API_KEY=<see cref="Key"/>: what a worker or the agent meets
/// at a remote server that requires a key. Compiled into the Training and Agent test projects.
/// </summary>
internal sealed class KeyedServer : IAsyncDisposable
{
    public const string Key = "remote-server-key";

    private readonly WebApplication _app;

    private KeyedServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>http://127.0.0.1:port</summary>
    public Uri Url { get; }

    public static async Task<KeyedServer> StartAsync()
    {
        var app = EnvServerApplication.Create(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", $"--API_KEY={Key}"]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new KeyedServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
