namespace EnvServer.Api.Tests.Infrastructure;

/// <summary>
/// One default-configured server shared by the tests of a class (xunit class fixture): the
/// conformance tests that do not depend on session counts or settings use it to stay fast.
/// </summary>
public sealed class ConformanceServer : IAsyncLifetime
{
    private ServerHost? _host;

    public ServerHost Host => _host ?? throw new InvalidOperationException("The server has not started");

    public Task InitializeAsync()
    {
        _host = Start();
        return Task.CompletedTask;
    }

    /// <summary>A <see cref="ServerHost"/> on a free loopback port.</summary>
    public static ServerHost Start(IReadOnlyDictionary<string, string>? settings = null) => new(settings);

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }
}
