using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace EnvServer.Api.Cli;

/// <summary>
/// The server started in this process on a free loopback port: the default of the command-line clients
/// (training worker, LLM agent) when no --server URL is given. They still reach it only over the network
/// protocol, as they would a remote server.
/// </summary>
public sealed class EmbeddedServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmbeddedServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>http://127.0.0.1:port</summary>
    public Uri Url { get; }

    /// <summary>
    /// Loopback only, quiet, and without the API_KEY of the environment or of a .env file: the embedded
    /// server's one client is the process that started it, which sends no key (command-line settings win).
    /// </summary>
    internal static readonly string[] Arguments = ["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", "--API_KEY="];

    public static async Task<EmbeddedServer> StartAsync(CancellationToken ct = default)
    {
        var app = EnvServerApplication.Create(Arguments);
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
