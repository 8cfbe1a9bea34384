namespace EnvServer.Client.Tests;

/// <summary>A server that requires the API key <see cref="ApiKey"/> on every request but GET /health.</summary>
public sealed class KeyedServerFixture() : ServerFixture(new Dictionary<string, string> { ["API_KEY"] = ApiKey })
{
    public const string ApiKey = "http-client-key";
}
