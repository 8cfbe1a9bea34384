using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EnvServer.Client.Tests;

/// <summary>
/// The real server on Kestrel at a free loopback port, so the client goes through real sockets and the
/// real WebSocket stack. Subclasses pass server settings under its configuration keys (its env var names).
/// </summary>
public class ServerFixture : IDisposable
{
    private readonly WebApplicationFactory<Program> factory;

    public ServerFixture() : this(new Dictionary<string, string>())
    {
    }

    protected ServerFixture(IReadOnlyDictionary<string, string> settings)
    {
        factory = new ConfiguredFactory(settings);
        factory.UseKestrel(0);
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        RootUrl = new Uri(addresses.Addresses.First());
        DrugDoseUrl = new Uri(RootUrl, "envs/drug-dose");
        Http = new HttpClient();
    }

    /// <summary>The server root, e.g. http://127.0.0.1:41234 (its default environment).</summary>
    public Uri RootUrl { get; }

    /// <summary>The drug-dose environment's base, e.g. http://127.0.0.1:41234/envs/drug-dose.</summary>
    public Uri DrugDoseUrl { get; }

    public HttpClient Http { get; }

    public void Dispose()
    {
        Http.Dispose();
        factory.Dispose();
        GC.SuppressFinalize(this);
    }

    private sealed class ConfiguredFactory(IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
        }
    }
}

/// <summary>Test classes that share one server run one after another, so session counts stay exact.</summary>
[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}
