using static EnvServer.Environments.Tests.Polypharmacy.PolypharmacyRun;
using static EnvServer.Environments.Tests.Support.EpisodeJson;

namespace EnvServer.Environments.Tests.Polypharmacy;

/// <summary>Regimen risk as §4 defines it, and the documented effect of dose_reduce and add_monitoring, checked by hand-computed numbers.</summary>
public class RiskModelTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Risk_NaproxenWarfarinAtorvastatin_IsPairPlusBeersPlusHighRiskOverCount()
    {
        var (environment, _) = Start(Patient(Easy, ["OA", "AF"], "naproxen", "warfarin", "atorvastatin"));

        // naproxen+warfarin 0.90, naproxen caution 0.12 (its CKD avoid row does not apply), two high-risk drugs 2 × 0.05.
        Assert.Equal((0.90 + 0.12 + 0.10) / 3, State(environment).GetProperty("baseline_risk").GetDouble(), Tolerance);
    }

    [Fact]
    public void Risk_ConditionRow_CountsOnlyWithTheCondition()
    {
        var (withoutCkd, _) = Start(Patient(Easy, ["OA"], "naproxen", "atorvastatin"));
        var (withCkd, _) = Start(Patient(Easy, ["OA", "CKD"], "naproxen", "atorvastatin"));

        Assert.Equal((0.12 + 0.05) / 2, State(withoutCkd).GetProperty("baseline_risk").GetDouble(), Tolerance);
        Assert.Equal((0.30 + 0.12 + 0.05) / 2, State(withCkd).GetProperty("baseline_risk").GetDouble(), Tolerance);
    }

    [Fact]
    public void DoseReduce_DoseAdjustPair_KeepsFortyPercentAndResolvesDoseAdjustBeers()
    {
        var (environment, _) = Start(Patient(Easy, ["AF"], "amiodarone", "digoxin"));
        var before = (0.80 + 0.10 + 0.10) / 2;

        var result = environment.Step(Reduce("digoxin"));

        var after = (0.80 * 0.40 + 0.0 + 0.10) / 2;
        Assert.Equal(after, State(environment).GetProperty("regimen_risk").GetDouble(), Tolerance);
        Assert.Equal(before - after - 0.025, result.Reward!.Value, Tolerance);
        var digoxin = Observation(result).GetProperty("current_medications")[1];
        Assert.Equal(0.0625, digoxin.GetProperty("dose_mg").GetDouble());
        Assert.True(digoxin.GetProperty("dose_reduced").GetBoolean());
    }

    [Fact]
    public void AddMonitoring_MonitorClosePair_HalvesItAndStacksWithDoseReduce()
    {
        var (environment, _) = Start(Patient(Easy, ["HF"], "digoxin", "furosemide"));

        environment.Step(Monitor("furosemide"));
        // digoxin+furosemide 0.45 monitor_closely ×0.50; digoxin's dose_adjust Beers row untouched (furosemide was monitored).
        Assert.Equal((0.45 * 0.50 + 0.10 + 0.05) / 2, State(environment).GetProperty("regimen_risk").GetDouble(), Tolerance);

        environment.Step(Reduce("digoxin"));
        Assert.Equal((0.45 * 0.50 * 0.80 + 0.0 + 0.05) / 2, State(environment).GetProperty("regimen_risk").GetDouble(), Tolerance);
    }

    [Fact]
    public void AddMonitoring_SecondDrugOfSamePair_DoesNotCountTwice()
    {
        var (environment, _) = Start(Patient(Medium, ["HF"], "digoxin", "furosemide"));

        environment.Step(Monitor("furosemide"));
        var result = environment.Step(Monitor("digoxin"));

        // The pair is already monitored; only digoxin's dose_adjust Beers weight halves.
        Assert.Equal((0.45 * 0.50 + 0.10 * 0.5 + 0.05) / 2, State(environment).GetProperty("regimen_risk").GetDouble(), Tolerance);
        Assert.Equal(0.10 * 0.5 / 2 - 0.025, result.Reward!.Value, Tolerance);
    }

    [Fact]
    public void Stop_DrugWithoutInteractions_RaisesRiskByShrinkingTheRegimen()
    {
        var (environment, _) = Start(Patient(Medium, ["OA", "AF"], "naproxen", "warfarin", "atorvastatin"));

        var result = environment.Step(Stop("atorvastatin"));

        Assert.Equal((0.90 + 0.12 + 0.10) / 2, State(environment).GetProperty("regimen_risk").GetDouble(), Tolerance);
        Assert.True(result.Reward < -0.025);
    }

    [Fact]
    public void Substitute_InClass_StartsTheNewDrugFresh()
    {
        var (environment, _) = Start(Patient(Easy, ["OA", "AF"], "naproxen", "warfarin", "atorvastatin"));

        var result = environment.Step(Substitute("naproxen", "celecoxib"));

        Assert.Equal(0.05 / 3, State(environment).GetProperty("regimen_risk").GetDouble(), Tolerance);
        Assert.Equal(new[] { "celecoxib", "warfarin", "atorvastatin" }, DrugIds(result));
        Assert.Equal(200.0, Observation(result).GetProperty("current_medications")[0].GetProperty("dose_mg").GetDouble());
        Assert.Equal(0, Observation(result).GetProperty("current_medications")[0].GetProperty("slot").GetInt32());
    }
}
