namespace EnvServer.Api.Cli;

/// <summary>The servers a command-line run talks to: those named by --server, or an embedded one started for the run.</summary>
public sealed class ServerConnection : IAsyncDisposable
{
    private readonly EmbeddedServer? _embedded;

    private ServerConnection(IReadOnlyList<Uri> urls, EmbeddedServer? embedded)
    {
        Urls = urls;
        _embedded = embedded;
    }

    public IReadOnlyList<Uri> Urls { get; }

    public bool IsEmbedded => _embedded is not null;

    public static async Task<ServerConnection> OpenAsync(IReadOnlyList<string> urls, CancellationToken ct = default)
    {
        if (urls.Count > 0) return new ServerConnection(urls.Select(u => new Uri(u)).ToArray(), null);
        var embedded = await EmbeddedServer.StartAsync(ct);
        return new ServerConnection([embedded.Url], embedded);
    }

    public async ValueTask DisposeAsync()
    {
        if (_embedded is not null) await _embedded.DisposeAsync();
    }
}
