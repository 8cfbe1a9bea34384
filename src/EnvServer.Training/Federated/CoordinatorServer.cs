using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EnvServer.Training.Federated;

/// <summary>A <see cref="Coordinator"/> served over HTTP (Kestrel, minimal APIs), with a clock that closes rounds whose
/// clients went silent even when no request arrives.</summary>
internal sealed class CoordinatorServer : IAsyncDisposable
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(250);

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _ticks;

    private CoordinatorServer(WebApplication app, Coordinator coordinator, Uri url)
    {
        _app = app;
        Coordinator = coordinator;
        Url = url;
        _ticks = TickAsync(coordinator, _stop.Token);
    }

    public Coordinator Coordinator { get; }

    public Uri Url { get; }

    /// <param name="coordinator">The rounds to serve.</param>
    /// <param name="url">e.g. http://0.0.0.0:8090, or http://127.0.0.1:0 for a free loopback port.</param>
    /// <param name="ct">Cancels starting.</param>
    public static async Task<CoordinatorServer> StartAsync(Coordinator coordinator, string url, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(coordinator);
        builder.Services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = FederatedJson.Options.PropertyNamingPolicy;
            options.SerializerOptions.NumberHandling = FederatedJson.Options.NumberHandling;
            options.SerializerOptions.DefaultIgnoreCondition = FederatedJson.Options.DefaultIgnoreCondition;
        });
        var app = builder.Build();
        app.MapCoordinatorEndpoints();
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new CoordinatorServer(app, coordinator, new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _ticks;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stop.Dispose();
    }

    private static async Task TickAsync(Coordinator coordinator, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TickInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct)) coordinator.Tick();
        }
        catch (OperationCanceledException)
        {
            // Stopped by DisposeAsync.
        }
    }
}
