using System.Net;
using System.Text.Json;
using EnvServer.Api.Tests.Infrastructure;

namespace EnvServer.Api.Tests.Endpoints;

/// <summary>/bandit/datasets: a seeded combination data set as an oracle over HTTP, and its input validation.</summary>
public sealed class BanditEndpointsTests
{
    private const string Small = """{"seed": 3, "n_rx": 40, "n_combinations": 300, "n_patterns": 3, "mean_rx": 4}""";

    [Fact]
    public async Task Create_SmallConfiguration_Returns201WithTheDatasetAndItsLocation()
    {
        await using var server = new ServerHost();

        var created = await HttpExchange.PostAsync(server.Http, "/bandit/datasets", Small);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        var info = created.Json;
        Assert.Equal(40, info.GetProperty("n_rx").GetInt32());
        Assert.Equal(300, info.GetProperty("n_combinations").GetInt32());
        Assert.Equal(3, info.GetProperty("n_patterns").GetInt32());
        Assert.Equal(1.1, info.GetProperty("dangerous_threshold").GetDouble());
        Assert.Equal(0, info.GetProperty("observations").GetInt64());
        var described = await HttpExchange.GetAsync(server.Http, $"/bandit/datasets/{info.GetProperty("dataset_id").GetString()}");
        Assert.Equal(HttpStatusCode.OK, described.Status);
    }

    [Fact]
    public async Task Combinations_SmallDataset_ListsEachCombinationsDrugsAscending()
    {
        await using var server = new ServerHost();
        var id = await CreateAsync(server, Small);

        var combinations = (await HttpExchange.GetAsync(server.Http, $"/bandit/datasets/{id}/combinations")).Json.GetProperty("combinations");

        Assert.Equal(300, combinations.GetArrayLength());
        foreach (var combination in combinations.EnumerateArray())
        {
            var drugs = combination.EnumerateArray().Select(d => d.GetInt32()).ToArray();
            Assert.NotEmpty(drugs);
            Assert.Equal(drugs.Order(), drugs);
            Assert.All(drugs, d => Assert.InRange(d, 0, 39));
        }

        var patterns = (await HttpExchange.GetAsync(server.Http, $"/bandit/datasets/{id}/patterns")).Json.GetProperty("patterns");
        Assert.Equal(3, patterns.GetArrayLength());
    }

    [Fact]
    public async Task Observe_TwoOraclesOnTheSameSeed_ReturnTheSameNoisyRisks()
    {
        await using var server = new ServerHost();
        var first = await CreateAsync(server, Small);
        var second = await CreateAsync(server, Small);

        var a = await HttpExchange.PostAsync(server.Http, $"/bandit/datasets/{first}/observe", """{"combinations": [0, 7, 7]}""");
        var b = await HttpExchange.PostAsync(server.Http, $"/bandit/datasets/{second}/observe", """{"combinations": [0, 7, 7]}""");

        Assert.Equal(HttpStatusCode.OK, a.Status);
        var risks = Risks(a.Json);
        Assert.Equal(risks, Risks(b.Json));
        Assert.Equal(3, risks.Length);
        Assert.NotEqual(risks[1], risks[2]);
        Assert.Equal(3, a.Json.GetProperty("observations").GetInt64());
    }

    [Fact]
    public async Task Score_EveryCombinationFlagged_HasFullRecallAndTheDangerousShareAsPrecision()
    {
        await using var server = new ServerHost();
        var id = await CreateAsync(server, Small);
        var all = JsonSerializer.Serialize(Enumerable.Range(0, 300));

        var score = (await HttpExchange.PostAsync(server.Http, $"/bandit/datasets/{id}/score",
            $$"""{"flagged_combinations": {{all}}, "flagged_patterns": [0, 2]}""")).Json;

        var dangerous = score.GetProperty("dangerous").GetInt32();
        Assert.InRange(dangerous, 1, 299);
        Assert.Equal(1.0, score.GetProperty("recall").GetDouble());
        Assert.Equal(dangerous / 300.0, score.GetProperty("precision").GetDouble(), 12);
        Assert.Equal(2.0 / 3.0, score.GetProperty("patterns_found").GetDouble(), 12);
    }

    [Theory]
    [InlineData("""{"n_rx": "many"}""", "n_rx", "int_type")]
    [InlineData("""{"n_combinations": 0}""", "n_combinations", "greater_than_equal")]
    [InlineData("""{"n_rx": 10, "mean_rx": 10}""", "mean_rx", "value_error")]
    [InlineData("""{"n_rx": 3, "n_combinations": 10, "n_patterns": 2, "mean_rx": 1.5}""", "n_combinations", "value_error")]
    [InlineData("""{"n_rx": 40, "colour": "red"}""", "colour", "extra_forbidden")]
    public async Task Create_InvalidField_Returns422NamingIt(string body, string field, string type)
    {
        await using var server = new ServerHost();

        var created = await HttpExchange.PostAsync(server.Http, "/bandit/datasets", body);

        AssertIssue(created, ["body", field], type);
    }

    [Theory]
    [InlineData("""{"combinations": [1, 300]}""", new[] { "body", "combinations", "1" }, "index_out_of_range")]
    [InlineData("""{"combinations": [1, 2.5]}""", new[] { "body", "combinations", "1" }, "int_type")]
    [InlineData("""{"combinations": []}""", new[] { "body", "combinations" }, "too_short")]
    [InlineData("""{"combinations": 4}""", new[] { "body", "combinations" }, "list_type")]
    [InlineData("""{}""", new[] { "body", "combinations" }, "missing")]
    public async Task Observe_InvalidCombinations_Returns422NamingTheItem(string body, string[] loc, string type)
    {
        await using var server = new ServerHost();
        var id = await CreateAsync(server, Small);

        AssertIssue(await HttpExchange.PostAsync(server.Http, $"/bandit/datasets/{id}/observe", body), loc, type);
    }

    [Fact]
    public async Task Observe_OversizedList_Returns422()
    {
        await using var server = new ServerHost();
        var id = await CreateAsync(server, Small);
        var many = JsonSerializer.Serialize(Enumerable.Repeat(0, 10_001));

        AssertIssue(await HttpExchange.PostAsync(server.Http, $"/bandit/datasets/{id}/observe", $$"""{"combinations": {{many}}}"""),
            ["body", "combinations"], "too_long");
    }

    /// <summary>Issue 17, defect 2: every size field has an upper bound, so no request is minutes of work.</summary>
    [Theory]
    [InlineData("""{"n_rx": 2000, "n_combinations": 10, "n_patterns": 1, "mean_rx": 3}""", "n_rx")]
    [InlineData("""{"n_rx": 40, "n_combinations": 250000, "n_patterns": 1, "mean_rx": 10}""", "n_combinations")]
    [InlineData("""{"n_rx": 40, "n_combinations": 10, "n_patterns": 500, "mean_rx": 10}""", "n_patterns")]
    [InlineData("""{"n_rx": 100, "n_combinations": 10, "n_patterns": 1, "mean_rx": 60}""", "mean_rx")]
    public async Task Create_SizeOverUpperBound_Returns422NamingIt(string body, string field)
    {
        await using var server = new ServerHost();

        var created = await HttpExchange.PostAsync(server.Http, "/bandit/datasets", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, created.Status);
        var issue = Assert.Single(created.Json.GetProperty("detail").EnumerateArray());
        Assert.Equal(["body", field], issue.GetProperty("loc").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("less_than_equal", issue.GetProperty("type").GetString());
    }

    /// <summary>Issue 17, defect 2: a large listing can be read a page at a time (and is streamed either way).</summary>
    [Fact]
    public async Task Combinations_Page_IsTheSameRowsAsTheFullListing()
    {
        await using var server = new ServerHost();
        var id = await CreateAsync(server, Small);

        var all = (await HttpExchange.GetAsync(server.Http, $"/bandit/datasets/{id}/combinations")).Json;
        var page = (await HttpExchange.GetAsync(server.Http, $"/bandit/datasets/{id}/combinations?offset=290&limit=50")).Json;
        var badLimit = await HttpExchange.GetAsync(server.Http, $"/bandit/datasets/{id}/combinations?limit=0");

        Assert.Equal(300, all.GetProperty("total").GetInt32());
        Assert.Equal(290, page.GetProperty("offset").GetInt32());
        Assert.Equal(10, page.GetProperty("combinations").GetArrayLength());
        Assert.Equal(
            all.GetProperty("combinations").EnumerateArray().Skip(290).Select(c => c.GetRawText()),
            page.GetProperty("combinations").EnumerateArray().Select(c => c.GetRawText()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badLimit.Status);
    }

    /// <summary>Issue 17, defect 2: one client holds at most BANDIT_MAX_ORACLES_PER_CLIENT oracles.</summary>
    [Fact]
    public async Task Create_PastPerClientBound_DropsTheClientsOldestOracle()
    {
        await using var server = new ServerHost(new Dictionary<string, string> { ["BANDIT_MAX_ORACLES_PER_CLIENT"] = "2" });

        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add(await CreateAsync(server, Small));

        Assert.Equal(HttpStatusCode.NotFound, (await HttpExchange.GetAsync(server.Http, $"/bandit/datasets/{ids[0]}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await HttpExchange.GetAsync(server.Http, $"/bandit/datasets/{ids[1]}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await HttpExchange.GetAsync(server.Http, $"/bandit/datasets/{ids[2]}")).Status);
    }

    [Fact]
    public async Task Delete_OpenOracle_ForgetsIt()
    {
        await using var server = new ServerHost();
        var id = await CreateAsync(server, Small);

        using var deleted = await server.Http.DeleteAsync($"/bandit/datasets/{id}");
        var observe = await HttpExchange.PostAsync(server.Http, $"/bandit/datasets/{id}/observe", """{"combinations": [0]}""");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, observe.Status);
        Assert.Contains(id, observe.Json.GetProperty("detail").GetString());
    }

    private static async Task<string> CreateAsync(ServerHost server, string body)
    {
        var created = await HttpExchange.PostAsync(server.Http, "/bandit/datasets", body);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return created.Json.GetProperty("dataset_id").GetString()!;
    }

    private static double[] Risks(JsonElement observation) =>
        observation.GetProperty("relative_risks").EnumerateArray().Select(r => r.GetDouble()).ToArray();

    private static void AssertIssue(HttpExchange exchange, string[] loc, string type)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, exchange.Status);
        var issue = Assert.Single(exchange.Json.GetProperty("detail").EnumerateArray());
        Assert.Equal(loc, issue.GetProperty("loc").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(type, issue.GetProperty("type").GetString());
    }
}
