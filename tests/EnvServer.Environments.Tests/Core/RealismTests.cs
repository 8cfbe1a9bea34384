using System.Text.Json;
using EnvServer.Environments.Core;
using EnvServer.Environments.Schema;
using EnvServer.Environments.Tests.Support;
using static EnvServer.Environments.Tests.Support.EpisodeJson;

namespace EnvServer.Environments.Tests.Core;

/// <summary>The realism options on every environment that lists them: off by default, seeded, and doing what they say.</summary>
public class RealismTests
{
    /// <summary>Each environment with realism options, a task, and the observation fields they measure.</summary>
    public static TheoryData<string, string, string[]> Measured => new()
    {
        { "drug-dose", "fixed_patient", ["concentration"] },
        { "drug-dose", "pkpd_toxicity", ["concentration"] },
        { "hiv", "default_patient", ["cd4", "viral_load"] },
        { "hiv", "clinical_monitoring", ["cd4", "viral_load"] },
        { "sepsis", "full_state", ["heart_rate", "systolic_bp", "percent_o2", "glucose"] },
        { "sepsis", "noisy_monitoring", ["heart_rate", "systolic_bp", "percent_o2"] },
    };

    [Theory]
    [MemberData(nameof(Measured))]
    public void Reset_RealismOptionsAtTheirDefaults_SameBytesAsWithout(string envId, string taskId, string[] fields)
    {
        var spec = EnvironmentRegistry.Shipped.Find(envId)!;
        var defaults = spec.ResetOptions.Where(f => f.Name is Realism.ParameterVariation or Realism.ObservationNoise or Realism.MissingRate
            or Realism.MeasurementInterval or Realism.MeasurementTiming).Select(f => (f.Name, f.Default)).ToArray();
        Assert.NotEmpty(defaults);

        Assert.Equal(Play(spec, Options(taskId, 7)), Play(spec, Options(taskId, 7, defaults)));
        Assert.DoesNotContain(fields, f => Play(spec, Options(taskId, 7)).Contains("missing_mask"));
    }

    [Theory]
    [MemberData(nameof(Measured))]
    public void Step_MissingRateHalf_AboutHalfTheMeasuredValuesAreNull(string envId, string taskId, string[] fields)
    {
        var spec = EnvironmentRegistry.Shipped.Find(envId)!;
        var (taken, missing) = (0, 0);
        for (var seed = 0; seed < 40 && taken + missing < 2000; seed++)
        {
            foreach (var observation in Observations(spec, Options(taskId, seed, (Realism.MissingRate, 0.5))).Skip(1))
            {
                foreach (var field in fields)
                {
                    var isNull = observation.GetProperty(field).ValueKind == JsonValueKind.Null;
                    Assert.Equal(isNull, observation.GetProperty("missing_mask").GetProperty(field).GetBoolean());
                    if (isNull) missing++;
                    else taken++;
                }
            }
        }

        var share = (double)missing / (missing + taken);
        Assert.InRange(share, 0.45, 0.55);
    }

    [Theory]
    [MemberData(nameof(Measured))]
    public void Reset_SameSeedAndRealism_SameEpisodeAndTheModelUntouched(string envId, string taskId, string[] fields)
    {
        var spec = EnvironmentRegistry.Shipped.Find(envId)!;
        var options = Options(taskId, 11, (Realism.MissingRate, 0.3), (Realism.ObservationNoise, 0.2));

        var first = Play(spec, options);
        Assert.Equal(first, Play(spec, options));
        Assert.NotEqual(Play(spec, Options(taskId, 7)), first);

        // The measurements draw from their own stream: under the same actions the hidden truth is the default one.
        Assert.Equal(States(spec, Options(taskId, 11)), States(spec, options));
        Assert.NotEmpty(fields);
    }

    [Theory]
    [InlineData("drug-dose", "concentration")]
    [InlineData("hiv", "viral_load")]
    public void Step_MeasurementIntervalThree_MeasuresEveryThirdStepOnly(string envId, string field)
    {
        var spec = EnvironmentRegistry.Shipped.Find(envId)!;
        var observations = Observations(spec, Options(null, 3, (Realism.MeasurementInterval, 3))).ToArray();

        for (var t = 0; t < observations.Length; t++) Assert.Equal(t % 3 != 0, observations[t].GetProperty(field).ValueKind == JsonValueKind.Null);

        var irregular = Observations(spec, Options(null, 3, (Realism.MeasurementInterval, 3), (Realism.MeasurementTiming, Realism.Irregular)))
            .Select(o => o.GetProperty(field).ValueKind == JsonValueKind.Null).ToArray();
        Assert.InRange(irregular.Count(n => !n), irregular.Length / 6, irregular.Length / 2);
        Assert.NotEqual(observations.Select(o => o.GetProperty(field).ValueKind == JsonValueKind.Null), irregular);
    }

    [Theory]
    [InlineData("drug-dose", "elimination_rate")]
    [InlineData("hiv", "k1")]
    public void Reset_ParameterVariation_VariesThePatientBySeed(string envId, string parameter)
    {
        var spec = EnvironmentRegistry.Shipped.Find(envId)!;
        double Parameter(long seed, double variation)
        {
            using var environment = spec.Factory();
            environment.Reset(Options(null, seed, (Realism.ParameterVariation, variation)));
            return JsonText.Parse(environment.State).GetProperty(parameter).GetDouble();
        }

        var task = Parameter(1, 0.0);
        var varied = Enumerable.Range(0, 20).Select(s => Parameter(s, 0.2)).ToArray();
        Assert.Equal(Parameter(1, 0.2), varied[1]);
        Assert.Equal(20, varied.Distinct().Count());
        Assert.All(varied, v => Assert.InRange(v, task * 0.6, task * 1.4));
        Assert.InRange(varied.Average(), task * 0.9, task * 1.1);
    }

    [Theory]
    [MemberData(nameof(Measured))]
    public void EveryReply_WithRealismOn_MatchesTheSchemas(string envId, string taskId, string[] fields)
    {
        var spec = EnvironmentRegistry.Shipped.Find(envId)!;
        using var environment = spec.Factory();
        var result = environment.Reset(Options(taskId, 5, (Realism.MissingRate, 0.4), (Realism.ObservationNoise, 0.1)));
        while (true)
        {
            var observation = JsonText.Parse(result.Observation);
            SchemaAssert.Conforms(spec.Observation, observation);
            Assert.Equal(fields, observation.GetProperty("missing_mask").EnumerateObject().Select(p => p.Name));
            SchemaAssert.Conforms(StandardSchemas.Metadata(spec), JsonText.Parse(result.Metadata));
            if (result.Done) break;
            result = environment.Step(JsonSerializer.SerializeToElement(spec.Baseline!.Act(observation)));
        }
    }

    /// <summary>Every reply of a baseline episode as text.</summary>
    private static string Play(EnvironmentSpec spec, ResetOptions options) =>
        string.Join("\n", Replies(spec, options).Select(r => JsonText.Of(r.Observation) + JsonText.Of(r.Metadata)));

    private static IEnumerable<JsonElement> Observations(EnvironmentSpec spec, ResetOptions options) =>
        Replies(spec, options).Select(r => JsonText.Parse(r.Observation));

    /// <summary>The hidden state after each step of a fixed action sequence (the baseline's on the default episode).</summary>
    private static string[] States(EnvironmentSpec spec, ResetOptions options)
    {
        var actions = Replies(spec, options with { Options = new Dictionary<string, JsonElement>() }).Skip(1).Select(r => r.Action).ToArray();
        using var environment = spec.Factory();
        environment.Reset(options);
        var states = new List<string>();
        foreach (var action in actions)
        {
            var result = environment.Step(action!.Value);
            states.Add(JsonText.Of(environment.State));
            if (result.Done) break;
        }

        return states.ToArray();
    }

    private static List<(StepResult Result, JsonElement? Action, IJsonFields Observation, IJsonFields Metadata)> Replies(EnvironmentSpec spec, ResetOptions options)
    {
        using var environment = spec.Factory();
        var result = environment.Reset(options);
        var replies = new List<(StepResult, JsonElement?, IJsonFields, IJsonFields)> { (result, null, result.Observation, result.Metadata) };
        for (var t = 0; t < 60 && !result.Done; t++)
        {
            var action = JsonSerializer.SerializeToElement(spec.Baseline!.Act(JsonText.Parse(result.Observation)));
            result = environment.Step(action);
            replies.Add((result, action, result.Observation, result.Metadata));
        }

        return replies;
    }
}
