using System.Collections.Concurrent;
using EnvServer.Api.Security;
using EnvServer.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EnvServer.Api.Tests.Security;

/// <summary>Logs at every level carry neither the API key nor the Authorization header, nor observations at Information and above.</summary>
public sealed class LogRedactionTests
{
    private const string Key = "log-test-key-0123456789";

    [Fact]
    public async Task TraceLogs_OfAuthenticatedTraffic_NeverContainKeyOrObservations()
    {
        var logs = new CapturingLoggerProvider();
        await using (var server = new ServerHost(
            new Dictionary<string, string>
            {
                ["API_KEY"] = Key,
                ["Logging:LogLevel:Default"] = "Trace",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
                ["SESSION_IDLE_TIMEOUT"] = "0.2",
                ["HTTP_SESSION_IDLE_TIMEOUT"] = "0.2",
            },
            services => services.AddSingleton<ILoggerProvider>(logs)))
        {
            await using (var socket = await server.ConnectAsync($"/ws?{ApiKeyMiddleware.QueryParameter}={Key}"))
            {
                await socket.RequestAsync("""{"type":"reset","data":{"seed":1}}""");
                await socket.RequestAsync("""{"type":"step","data":{"dose":0.5}}""");
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, "/reset") { Content = new StringContent("{}") };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);
            request.Headers.Add(HttpExchange.SessionHeader, HttpExchange.NewSession);
            using var reset = await server.Http.SendAsync(request);
            var sessionId = reset.Headers.GetValues(HttpExchange.SessionHeader).Single();
            using var wrong = await server.Http.GetAsync("/metadata");

            // Let the idle reaper close the HTTP session, which it logs at Information.
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.Contains(logs.Entries, e => e.Level == LogLevel.Information && e.Text.Contains("idle", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Information && e.Text.Contains(sessionId));
        }

        Assert.True(logs.Entries.Count > 20, $"only {logs.Entries.Count} log entries: the test would prove nothing");
        Assert.DoesNotContain(logs.Entries, e => e.Text.Contains(Key));
        Assert.DoesNotContain(logs.Entries, e => e.Text.Contains("Bearer", StringComparison.OrdinalIgnoreCase) && e.Text.Contains("Authorization", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Information && e.Text.Contains("concentration"));
    }

    private sealed record Entry(LogLevel Level, string Text);

    /// <summary>Every entry of every category, with its message and its structured properties.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<Entry> _entries = new();

        public IReadOnlyCollection<Entry> Entries => _entries;

        public ILogger CreateLogger(string categoryName) => new Logger(_entries);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<Entry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
                entries.Enqueue(new Entry(logLevel, $"{formatter(state, exception)} {properties} {exception}"));
            }
        }
    }
}
