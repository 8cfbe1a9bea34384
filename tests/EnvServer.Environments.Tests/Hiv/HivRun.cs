using System.Text.Json;
using EnvServer.Environments.Core;
using EnvServer.Environments.Hiv;
using EnvServer.Environments.Tests.Support;
using static EnvServer.Environments.Tests.Support.EpisodeJson;

namespace EnvServer.Environments.Tests.Hiv;

/// <summary>Shorthand for driving an hiv episode and reading its JSON.</summary>
internal static class HivRun
{
    public const string DefaultPatient = "default_patient";
    public const string RandomizedPatient = "randomized_patient";
    public const string ClinicalMonitoring = "clinical_monitoring";

    /// <summary>The published return of never treating the default patient for 200 steps (env_hiv.py).</summary>
    public const double NeverTreatAnchor = 3_432_807.680391572;

    public static TheoryData<string> AllTasks => new() { DefaultPatient, RandomizedPatient, ClinicalMonitoring };

    public static double[] Array(JsonElement observation, string name) =>
        observation.GetProperty(name).EnumerateArray().Select(e => e.GetDouble()).ToArray();

    /// <summary>Plays a whole episode with a policy of the observation; returns the return and every reply.</summary>
    public static (double Return, List<StepResult> Replies) Play(HivEnvironment environment, ResetOptions options, Func<JsonElement, int> policy)
    {
        var result = environment.Reset(options);
        var replies = new List<StepResult> { result };
        var total = 0.0;
        while (!result.Done)
        {
            result = environment.Step(new HivAction(policy(Observation(result))));
            total += result.Reward!.Value;
            replies.Add(result);
        }

        return (total, replies);
    }

    public static double Play(ResetOptions options, Func<JsonElement, int> policy)
    {
        using var environment = new HivEnvironment();
        return Play(environment, options, policy).Return;
    }

    public static double Relative(double actual, double expected) => Math.Abs(actual - expected) / Math.Abs(expected);
}
