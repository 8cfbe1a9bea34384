using System.Text.Json;
using EnvServer.Api.Tests.Infrastructure;
using EnvServer.Client;
using EnvServer.Environments.Core;
using EnvServer.Environments.Sepsis;
using Xunit.Abstractions;

namespace EnvServer.Api.Tests.Environments;

/// <summary>
/// sepsis over the wire: Monte Carlo of the DP-optimal, never-treat and uniform random policies against their exact
/// values (several thousand seeded episodes over concurrent WebSocket sessions), the action and reset-option
/// contract, and the schema.
/// </summary>
public sealed class SepsisWireTests(ConformanceServer server, ITestOutputHelper output) : IClassFixture<ConformanceServer>
{
    private const int Episodes = 4000;
    private const int Sessions = 8;

    public static TheoryData<string, string> Policies => new()
    {
        { "optimal", "fixed" },
        { "optimal", "original" },
        { "never_treat", "fixed" },
        { "never_treat", "original" },
        { "random", "fixed" },
        { "random", "original" },
    };

    [Theory]
    [MemberData(nameof(Policies))]
    public async Task MonteCarlo_MeanOutcome_IsWithinThreeStandardErrorsOfTheExactValue(string policy, string dynamics)
    {
        var reference = SepsisReference.For(new SepsisModel(SepsisNames.ParseDynamics(dynamics), SepsisAgeGroup.Adult));
        var exact = policy switch
        {
            "optimal" => reference.OptimalValue,
            "never_treat" => SepsisSolver.EvaluateStart(reference.Kernel, SepsisReference.Horizon, new SepsisConstantPolicy(SepsisAction.None)),
            _ => SepsisSolver.EvaluateStart(reference.Kernel, SepsisReference.Horizon, SepsisUniformPolicy.Instance),
        };
        var seedBase = 1_000_000L * (Policies.ToList().FindIndex(row => (string)row[0] == policy && (string)row[1] == dynamics) + 1);

        var outcomes = new int[Episodes];
        var url = new Uri(server.Host.BaseAddress, "/envs/sepsis");
        await Task.WhenAll(Enumerable.Range(0, Sessions).Select(async session =>
        {
            await using var env = await EnvSession.ConnectAsync(url);
            var random = new SeededRandom(seedBase + session);
            for (var e = session; e < Episodes; e += Sessions)
            {
                var result = await env.ResetAsync(new { seed = seedBase + e, task_id = "full_state", dynamics });
                Assert.Equal(reference.OptimalValue, result.GetDouble("metadata.optimal_value"));
                for (var step = 0; !result.Done; step++)
                {
                    var action = policy switch
                    {
                        "optimal" => reference.Policy.Action(step, FromFeatures(result.Observation)).Index,
                        "never_treat" => 0,
                        _ => random.NextInt(SepsisAction.Count),
                    };
                    result = await env.StepAsync(new { action });
                }

                outcomes[e] = result.Metadata.GetProperty("outcome").GetInt32();
                Assert.Equal(outcomes[e] == 0, result.Truncated);
            }
        }));

        var mean = outcomes.Average();
        var standardError = Math.Sqrt(outcomes.Sum(o => (o - mean) * (o - mean)) / (Episodes - 1) / Episodes);
        output.WriteLine($"{policy}/{dynamics}: mean outcome {mean:F4} over {Episodes} episodes, SE {standardError:F4}, exact {exact:F4}, " +
            $"z = {(mean - exact) / standardError:F2}");
        Assert.True(Math.Abs(mean - exact) <= 3 * standardError, $"mean {mean:F4} vs exact {exact:F4}, SE {standardError:F4}");
    }

    [Theory]
    [InlineData("""{"action":8}""", "less_than_equal")]
    [InlineData("""{"action":-1}""", "greater_than_equal")]
    [InlineData("""{"action":2.5}""", "int_from_float")]
    [InlineData("""{"action":"three"}""", "int_parsing")]
    [InlineData("""{"action":[3]}""", "int_type")]
    [InlineData("""{}""", "missing")]
    [InlineData("""{"action":3,"dose":1}""", "extra_forbidden")]
    public async Task Step_InvalidAction_IsAValidationErrorAndTheSessionContinues(string action, string errorType)
    {
        await using var socket = await server.Host.ConnectAsync("/envs/sepsis/ws");
        await socket.RequestAsync("""{"type":"reset","data":{"seed":1}}""");

        var error = await socket.RequestAsync($$"""{"type":"step","data":{{action}}}""");

        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("VALIDATION_ERROR", error.GetProperty("data").GetProperty("code").GetString());
        Assert.Contains(errorType, error.GetProperty("data").GetProperty("errors")[0].GetProperty("type").GetString());
        var ok = await socket.RequestAsync("""{"type":"step","data":{"action":7}}""");
        Assert.Equal("observation", ok.GetProperty("type").GetString());
        Assert.True(ok.GetProperty("data").GetProperty("observation").GetProperty("vasopressors").GetBoolean());
    }

    [Fact]
    public async Task Step_WholeNumberWrittenAsFloat_IsAccepted()
    {
        await using var socket = await server.Host.ConnectAsync("/envs/sepsis/ws");
        await socket.RequestAsync("""{"type":"reset","data":{"seed":1}}""");

        var reply = await socket.RequestAsync("""{"type":"step","data":{"action":5.0}}""");

        Assert.Equal("observation", reply.GetProperty("type").GetString());
        var observation = reply.GetProperty("data").GetProperty("observation");
        Assert.Equal((true, false, true), (observation.GetProperty("antibiotics").GetBoolean(), observation.GetProperty("ventilation").GetBoolean(), observation.GetProperty("vasopressors").GetBoolean()));
    }

    [Theory]
    [InlineData("""{"dynamics":"paper"}""")]
    [InlineData("""{"age_group":"child"}""")]
    [InlineData("""{"shaping":"perhaps"}""")]
    [InlineData("""{"task_id":"hidden_state"}""")]
    public async Task Reset_InvalidOption_IsAValidationError(string data)
    {
        await using var socket = await server.Host.ConnectAsync("/envs/sepsis/ws");

        var error = await socket.RequestAsync($$"""{"type":"reset","data":{{data}}}""");

        Assert.Equal("VALIDATION_ERROR", error.GetProperty("data").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Reset_OptionsReachTheEpisode_AndRewardIsRawOutcomePlusShaping()
    {
        await using var env = await EnvSession.ConnectAsync(new Uri(server.Host.BaseAddress, "/envs/sepsis"));

        var result = await env.ResetAsync(new { seed = 9, task_id = "noisy_monitoring", dynamics = "original", age_group = "older", shaping = false });
        var state = await env.StateAsync();
        Assert.Equal(("original", "older", false), (state.GetProperty("dynamics").GetString(), state.GetProperty("age_group").GetString(), state.GetProperty("shaping").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, result.Observation.GetProperty("glucose").ValueKind);
        Assert.Equal(
            SepsisReference.For(new SepsisModel(SepsisDynamics.Original, SepsisAgeGroup.Older)).OptimalValue,
            result.GetDouble("metadata.optimal_value"));
        while (!result.Done)
        {
            result = await env.StepAsync(new { action = 6 });
            Assert.Equal(result.GetDouble("metadata.raw_outcome"), result.Reward);
            Assert.Equal(0.0, result.GetDouble("metadata.shaping"));
        }
    }

    [Fact]
    public async Task Schema_DescribesTheIntegerActionAndTheOptions()
    {
        var schema = WireAssert.Parse(await server.Host.Http.GetStringAsync("/envs/sepsis/schema"));

        var action = schema.GetProperty("action").GetProperty("properties").GetProperty("action");
        Assert.Equal(("integer", 0, 7), (action.GetProperty("type").GetString(), action.GetProperty("minimum").GetInt32(), action.GetProperty("maximum").GetInt32()));
        var reset = schema.GetProperty("reset").GetProperty("properties");
        Assert.Equal("fixed", reset.GetProperty("dynamics").GetProperty("default").GetString());
        Assert.Equal(["fixed", "original"], reset.GetProperty("dynamics").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("full_state", reset.GetProperty("task_id").GetProperty("default").GetString());
    }

    /// <summary>The full state from full_state's features: [HR, SBP, O2, glucose, antibiotics, ventilation, vasopressors, diabetic].</summary>
    private static SepsisState FromFeatures(JsonElement observation)
    {
        var f = observation.GetProperty("features").EnumerateArray().Select(e => (int)e.GetDouble()).ToArray();
        return new SepsisState(f[7] == 1, f[0], f[1], f[2], f[3], f[4] == 1, f[6] == 1, f[5] == 1);
    }
}
