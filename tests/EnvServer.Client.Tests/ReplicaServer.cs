using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EnvServer.Client.Tests;

/// <summary>
/// One replica of the real server on a loopback port that a test can kill (connections dropped at once, as
/// in a crash) and start again on the same port.
/// </summary>
public sealed class ReplicaServer : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string> settings;
    private WebApplicationFactory<Program>? factory;

    private ReplicaServer(IReadOnlyDictionary<string, string> settings) => this.settings = settings;

    /// <summary>The server root, e.g. http://127.0.0.1:41234/ (serving drug-dose by default).</summary>
    public Uri Url { get; private set; } = null!;

    /// <param name="settings">Server settings by environment-variable name, e.g. MAX_CONCURRENT_ENVS.</param>
    public static ReplicaServer Start(IReadOnlyDictionary<string, string>? settings = null)
    {
        var replica = new ReplicaServer(settings ?? new Dictionary<string, string>());
        replica.Listen(0);
        return replica;
    }

    /// <summary>Stops the server without waiting for its sessions: every connection is dropped.</summary>
    public async Task KillAsync()
    {
        if (factory is null) return;
        await factory.DisposeAsync();
        factory = null;
    }

    /// <summary>Starts the server again on the port it had.</summary>
    public void Restart()
    {
        if (factory is not null) throw new InvalidOperationException("The replica is running.");
        Listen(Url.Port);
    }

    public async ValueTask DisposeAsync() => await KillAsync();

    private void Listen(int port)
    {
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
            // A zero shutdown timeout makes Kestrel abort open WebSockets rather than wait for them.
            builder.ConfigureServices(services => services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.Zero));
        });
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        Url = new Uri(address + "/");
    }
}
