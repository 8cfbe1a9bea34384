using System.Net;
using System.Text.Json;
using EnvServer.Api.Tests.Infrastructure;

namespace EnvServer.Api.Tests.Endpoints;

/// <summary>
/// The six criteria of `openenv validate --url` (spec §5, _validation.py::validate_running_environment),
/// one test each, checked exactly as the validator checks them, for the root URL and for an
/// environment's own base URL (`openenv validate --url http://host:8000/envs/drug-dose`).
/// </summary>
public sealed class OpenEnvValidateTests(ConformanceServer server) : IClassFixture<ConformanceServer>
{
    private HttpClient Http => server.Host.Http;

    [Theory]
    [InlineData("")]
    [InlineData("/envs/drug-dose")]
    public async Task OpenApiVersionAvailable_OpenApiJson_Returns200WithStringInfoVersionOfProfile1x(string baseUrl)
    {
        var exchange = await HttpExchange.GetAsync(Http, baseUrl + "/openapi.json");

        Assert.Equal(HttpStatusCode.OK, exchange.Status);
        var version = exchange.Json.GetProperty("info").GetProperty("version");
        Assert.Equal(JsonValueKind.String, version.ValueKind);
        // A version starting "1." gives the profile openenv-http/1.x.
        Assert.StartsWith("1.", version.GetString());
        Assert.Equal("1.0.0", version.GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("/envs/drug-dose")]
    public async Task HealthEndpoint_Health_Returns200WithStatusHealthy(string baseUrl)
    {
        var exchange = await HttpExchange.GetAsync(Http, baseUrl + "/health");

        Assert.Equal(HttpStatusCode.OK, exchange.Status);
        Assert.Equal("healthy", exchange.Json.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("/envs/drug-dose")]
    public async Task MetadataEndpoint_Metadata_Returns200WithStringNameAndDescription(string baseUrl)
    {
        var exchange = await HttpExchange.GetAsync(Http, baseUrl + "/metadata");

        Assert.Equal(HttpStatusCode.OK, exchange.Status);
        Assert.Equal(JsonValueKind.String, exchange.Json.GetProperty("name").ValueKind);
        Assert.Equal(JsonValueKind.String, exchange.Json.GetProperty("description").ValueKind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/envs/drug-dose")]
    public async Task SchemaEndpoint_Schema_Returns200WithActionObservationStateObjects(string baseUrl)
    {
        var exchange = await HttpExchange.GetAsync(Http, baseUrl + "/schema");

        Assert.Equal(HttpStatusCode.OK, exchange.Status);
        Assert.All(new[] { "action", "observation", "state" }, key =>
            Assert.Equal(JsonValueKind.Object, exchange.Json.GetProperty(key).ValueKind));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/envs/drug-dose")]
    public async Task McpEndpoint_PostEmptyObject_Returns200WithJsonRpc20(string baseUrl)
    {
        var exchange = await HttpExchange.PostAsync(Http, baseUrl + "/mcp", "{}");

        Assert.Equal(HttpStatusCode.OK, exchange.Status);
        Assert.Equal("2.0", exchange.Json.GetProperty("jsonrpc").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("/envs/drug-dose")]
    public async Task ModeEndpointConsistency_OpenApiPaths_HaveResetStepAndStateTogether(string baseUrl)
    {
        var exchange = await HttpExchange.GetAsync(Http, baseUrl + "/openapi.json");

        Assert.Equal(HttpStatusCode.OK, exchange.Status);
        Assert.True(exchange.Json.TryGetProperty("paths", out var paths), "a missing paths object fails the check");
        var names = WireAssert.KeysOf(paths);
        // Simulation mode: /reset present, so /step and /state must be too.
        Assert.Contains("/reset", names);
        Assert.Contains("/step", names);
        Assert.Contains("/state", names);
    }
}
