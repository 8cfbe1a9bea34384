using System.Net;
using System.Text;
using System.Text.Json;
using EnvServer.Api.Tests.Infrastructure;

namespace EnvServer.Api.Tests.Robustness;

public sealed class ConcurrentHttpTests
{
    private const int Workers = 16;
    private const int RequestsPerWorker = 60;

    /// <summary>
    /// Each request's 422 echoes its own input. (The fuzz test once got another request's bytes
    /// here: the body was parsed in place in Kestrel's pooled buffer, which is reused for the next
    /// request once the body is consumed.)
    /// </summary>
    [Fact]
    public async Task HttpBodies_ParsedConcurrently_AreNeverMixedUp()
    {
        await using var server = new ServerHost();
        var mixups = await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            var problems = new List<string>();
            for (var i = 0; i < RequestsPerWorker; i++)
            {
                var tag = $"w{worker}-r{i}-" + new string((char)('a' + worker), 40 + i % 13);
                var endpoint = i % 2 == 0 ? "/step" : "/envs/drug-dose/step";
                using var response = await server.Http.PostAsync(endpoint,
                    new StringContent($$"""{"action":{"dose":"{{tag}}"},"request_id":"{{tag}}"}""", Encoding.UTF8, "application/json"));
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.UnprocessableEntity)
                {
                    problems.Add($"{tag}: {(int)response.StatusCode} {text}");
                    continue;
                }

                try
                {
                    using var body = JsonDocument.Parse(text);
                    var issue = body.RootElement.GetProperty("detail")[0];
                    var input = issue.GetProperty("input").GetString();
                    var loc = string.Join('.', issue.GetProperty("loc").EnumerateArray().Select(l => l.GetString()));
                    if (input != tag || loc != "dose") problems.Add($"{tag}: got input '{input}' at {loc}");
                }
                catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
                {
                    problems.Add($"{tag}: malformed reply {error.Message}: {text}");
                }
            }

            return problems;
        })));

        var all = mixups.SelectMany(p => p).ToArray();
        Assert.True(all.Length == 0, $"{all.Length} of {Workers * RequestsPerWorker} replies were wrong:\n" + string.Join("\n", all.Take(10)));
    }
}
