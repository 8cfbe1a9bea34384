using System.Net;

namespace EnvServer.Client.Tests;

public sealed class EnvHttpClientApiKeyTests(KeyedServerFixture server) : IClassFixture<KeyedServerFixture>
{
    private static readonly object FixedPatient = new { task_id = "fixed_patient", seed = 3 };

    [Fact]
    public async Task ResetAndStepAsync_WithTheServersKey_PlayTheEpisode()
    {
        var client = new EnvHttpClient(server.Http, server.DrugDoseUrl, KeyedServerFixture.ApiKey);

        var reset = await client.ResetAsync(FixedPatient);
        var step = await client.StepAsync(reset.SessionId, new { dose = 0.5 });
        var environments = await client.ListEnvironmentsAsync();

        Assert.Equal(1, step.GetDouble("metadata.step_count"));
        Assert.Contains(environments.GetProperty("environments").EnumerateArray(), e => e.GetProperty("id").GetString() == "drug-dose");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task SchemaAsync_WithoutTheServersKey_Throws401(string? apiKey)
    {
        var client = new EnvHttpClient(server.Http, server.DrugDoseUrl, apiKey);

        var error = await Assert.ThrowsAsync<EnvHttpException>(() => client.SchemaAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task SchemaAsync_WithKey_LeavesTheSharedHttpClientsHeadersAlone()
    {
        await new EnvHttpClient(server.Http, server.DrugDoseUrl, KeyedServerFixture.ApiKey).SchemaAsync();

        Assert.Null(server.Http.DefaultRequestHeaders.Authorization);
    }
}
