using EnvServer.Environments.Core;
using EnvServer.Environments.Polypharmacy;
using static EnvServer.Environments.Tests.Polypharmacy.PolypharmacyRun;
using static EnvServer.Environments.Tests.Support.EpisodeJson;

namespace EnvServer.Environments.Tests.Polypharmacy;

/// <summary>The graders of §4 on hand-built episodes: expected grades are computed here from the regimen by hand.</summary>
public class PolypharmacyGraderTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Easy_RemovesAllRiskAndTargetsSeverePair_ClampsTo0999()
    {
        var (environment, _) = Start(Patient(Easy, ["OA", "AF"], "naproxen", "warfarin", "atorvastatin"));

        environment.Step(Substitute("naproxen", "celecoxib"));
        environment.Step(Stop("warfarin"));
        var result = environment.Step(Finish());

        // RR = 1 (celecoxib + atorvastatin carry no risk), targeted = 1: 0.5 + 0.5 = 1.0, clipped to 0.999.
        Assert.True(result.Terminated);
        Assert.Equal(0.999, environment.GraderScore);
        Assert.Equal(0.999, result.Reward);
    }

    [Fact]
    public void Easy_FinishImmediately_ClampsTo0001()
    {
        var (environment, _) = Start(Patient(Easy, ["OA", "AF"], "naproxen", "warfarin", "atorvastatin"));

        var result = environment.Step(Finish());

        Assert.Equal(0.001, environment.GraderScore);
        Assert.Equal(0.001, result.Reward);
        Assert.Equal(1, environment.StepCount);
    }

    [Fact]
    public void Easy_MonitoringOnlyTheNonSevereDrug_EarnsRiskReductionOnly()
    {
        var (environment, _) = Start(Patient(Easy, ["AF"], "warfarin", "naproxen", "ciprofloxacin"));
        // warfarin+naproxen 0.90 severe; ciprofloxacin+warfarin 0.50 monitor_closely; naproxen caution 0.12, cipro caution 0.12; 2 high-risk.
        var baseline = (0.90 + 0.50 + 0.12 + 0.12 + 0.10) / 3;

        environment.Step(Monitor("ciprofloxacin"));
        environment.Step(Finish());

        var final = (0.90 + 0.50 * 0.50 + 0.12 + 0.12 * 0.5 + 0.10) / 3;
        Assert.Equal(0.5 * (baseline - final) / baseline, environment.GraderScore!.Value, Tolerance);
    }

    [Fact]
    public void Medium_PrecisionAndQueryYield_WeightedAsSpec()
    {
        var (environment, _) = Start(Patient(Medium, ["HF"], "lisinopril", "spironolactone", "digoxin", "furosemide", "metoprolol", "omeprazole"));
        var baseline = (0.48 + 0.40 + 0.45 + 0.40 + 0.10 + 0.05) / 6;

        environment.Step(Query("digoxin", "furosemide"));   // moderate: found
        environment.Step(Query("omeprazole", "metoprolol")); // no interaction
        environment.Step(Monitor("digoxin"));                // Δrisk > 0
        environment.Step(Stop("omeprazole"));                // shrinks the regimen: Δrisk < 0
        environment.Step(Finish());

        var final = (0.48 + (0.40 + 0.45 + 0.40) * 0.50 + 0.10 * 0.5 + 0.05) / 5;
        var expected = 0.5 * (baseline - final) / baseline + 0.3 * (1.0 / 2) + 0.2 * (1.0 / 2);
        Assert.Equal(expected, environment.GraderScore!.Value, Tolerance);
    }

    [Fact]
    public void Medium_NoQueriesNoInterventions_ScoresOnlyFloor()
    {
        var (environment, _) = Start(Patient(Medium, ["HF"], "lisinopril", "spironolactone", "digoxin"));

        environment.Step(Finish());

        Assert.Equal(0.001, environment.GraderScore);
    }

    [Fact]
    public void Hard_StoppingCriticalDrug_CostsChangeAndCriticalPenalty()
    {
        var drugs = new[] { "warfarin", "naproxen", "atorvastatin", "omeprazole" };
        var (stopped, _) = Start(Patient(Hard, ["AF", "OA"], drugs));
        var (substituted, _) = Start(Patient(Hard, ["AF", "OA"], drugs));
        var baseline = (0.90 + 0.12 + 0.10) / 4;

        stopped.Step(Stop("warfarin"));
        stopped.Step(Finish());
        substituted.Step(Substitute("warfarin", "aspirin"));
        substituted.Step(Finish());

        // Stopped: naproxen caution 0.12 + high-risk 0.05 over 3 drugs. Substituted: the same over 4 drugs (aspirin interacts with none of them).
        var stoppedRr = (baseline - (0.12 + 0.05) / 3) / baseline;
        var substitutedRr = (baseline - (0.12 + 0.05) / 4) / baseline;
        Assert.Equal(stoppedRr - 0.05 - 0.20, stopped.GraderScore!.Value, Tolerance);
        Assert.Equal(substitutedRr - 0.05, substituted.GraderScore!.Value, Tolerance);
        Assert.Equal(1, State(stopped).GetProperty("critical_stops").GetInt32());
        Assert.Equal(0, State(substituted).GetProperty("critical_stops").GetInt32());
    }

    [Fact]
    public void Hard_StoppingFiveCriticalDrugs_ClampsTo0001()
    {
        string[] critical = ["warfarin", "apixaban", "metoprolol", "insulin_glargine", "digoxin"];
        var (environment, _) = Start(Patient(Hard, ["AF", "DM"], [.. critical, "omeprazole"]));

        foreach (var drug in critical) environment.Step(Stop(drug));
        environment.Step(Finish());

        // RR ≤ 1 minus 5 × (0.05 + 0.20) = 1.25: negative, clipped to 0.001.
        Assert.Equal(5, State(environment).GetProperty("critical_stops").GetInt32());
        Assert.Equal(0.001, environment.GraderScore);
    }

    [Fact]
    public void Hard_DoseReduceAndMonitoring_AreNotRegimenChanges()
    {
        var (environment, _) = Start(Patient(Hard, ["AF"], "amiodarone", "digoxin", "atorvastatin"));
        var baseline = (0.80 + 0.10 + 0.10) / 3;

        environment.Step(Reduce("digoxin"));
        environment.Step(Monitor("amiodarone"));
        environment.Step(Finish());

        var final = (0.80 * 0.40 * 0.80 + 0.10) / 3;
        Assert.Equal((baseline - final) / baseline, environment.GraderScore!.Value, Tolerance);
    }

    [Fact]
    public void Timeout_Truncates_GradesAndAddsPenalty()
    {
        var (environment, _) = Start(Patient(Easy, ["AF"], "warfarin", "naproxen", "ciprofloxacin"));
        StepResult result = null!;
        // Invalid actions (drug not taken) fill the 10 steps.
        for (var i = 0; i < 10; i++) result = environment.Step(Stop("tramadol"));

        Assert.True(result.Truncated);
        Assert.False(result.Terminated);
        Assert.Equal(-0.15 - 0.25, result.Reward!.Value, Tolerance);
        Assert.Equal(0.001, environment.GraderScore);
        Assert.Throws<EpisodeOverException>(() => environment.Step(Finish()));
    }

    [Fact]
    public void ClampedMode_EveryRewardInSeedRange_RawKeptInMetadata()
    {
        var (environment, _) = Start(Patient(Easy, ["AF"], "warfarin", "naproxen", "ciprofloxacin"), PolypharmacyRewards.ClampedMode);

        var invalid = environment.Step(Stop("tramadol"));
        var query = environment.Step(Query("naproxen", "warfarin"));
        var none = environment.Step(Query("naproxen", "ciprofloxacin"));

        Assert.Equal(0.001, invalid.Reward);
        Assert.Equal(-0.15, Metadata(invalid).GetProperty("raw_reward").GetDouble(), Tolerance);
        Assert.Equal(0.05 - 0.015, query.Reward!.Value, Tolerance);
        Assert.Equal(0.001, none.Reward);
        Assert.Equal("clamped", Metadata(none).GetProperty("reward_mode").GetString());
    }
}
