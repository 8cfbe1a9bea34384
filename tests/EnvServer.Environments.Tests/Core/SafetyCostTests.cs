using System.Text.Json;
using EnvServer.Environments.Core;
using EnvServer.Environments.DrugDose;
using EnvServer.Environments.Hiv;
using EnvServer.Environments.Polypharmacy;
using EnvServer.Environments.Sepsis;
using EnvServer.Environments.Tests.Support;
using static EnvServer.Environments.Tests.Polypharmacy.PolypharmacyRun;
using static EnvServer.Environments.Tests.Support.EpisodeJson;

namespace EnvServer.Environments.Tests.Core;

/// <summary>Each environment's safety cost on hand-built episodes: a known unsafe sequence costs, a safe one costs nothing.</summary>
public class SafetyCostTests
{
    [Fact]
    public void DrugDose_OverdosingPastToxicAndAboveLabel_CostsBothComponents()
    {
        using var environment = new DrugDoseEnvironment();
        environment.Reset(Options("fixed_patient", 1, ("max_dose", 2.0)));
        var replies = Enumerable.Range(0, 100).Select(_ => environment.Step(new DrugDoseAction(5.0))).ToList();

        // Dose clipped to max_dose 2 per step, above the label's 1: C → 2/0.05 = 40, above 4.5 from the third step.
        Assert.All(replies, r => Assert.Equal(1.0, Component(r, "above_label_max")));
        Assert.Equal(0.0, Component(replies[0], "above_toxic"));
        Assert.Equal(1.0, Component(replies[^1], "above_toxic"));
        Assert.Equal(replies.Sum(r => Metadata(r).GetProperty("cost").GetDouble()), Cumulative(replies[^1]));
        Assert.True(Cumulative(replies[^1]) > 100);
    }

    [Fact]
    public void DrugDose_BaselineInsideTheWindow_CostsNothing()
    {
        using var environment = new DrugDoseEnvironment();
        var result = environment.Reset(Options("fixed_patient", 1));
        while (!result.Done) result = environment.Step(new DrugDoseAction(DrugDoseBaselinePolicies.RefillToMidWindow(Observation(result))));

        Assert.Equal(0.0, Cumulative(result));
    }

    [Fact]
    public void Hiv_BothDrugsEveryStep_CostsTheTreatmentBurden()
    {
        using var environment = new HivEnvironment();
        environment.Reset(Options("default_patient", 1, ("max_steps", 10)));
        StepResult result = null!;
        for (var t = 0; t < 10; t++) result = environment.Step(new HivAction(HivAction.Both));

        Assert.Equal(1.0, Component(result, "rti_exposure"));
        Assert.Equal(1.0, Component(result, "pi_exposure"));
        Assert.Equal(20.0, Cumulative(result), 12);
    }

    [Fact]
    public void Hiv_NeverTreating_CostsNothing()
    {
        using var environment = new HivEnvironment();
        environment.Reset(Options("default_patient", 1, ("max_steps", 10)));
        StepResult result = null!;
        for (var t = 0; t < 10; t++) result = environment.Step(new HivAction(HivAction.None));

        Assert.Equal(0.0, Cumulative(result));
    }

    [Fact]
    public void Sepsis_VentilationAndVasopressorsWithoutIndication_Cost()
    {
        var (costly, seeds) = (0, 0);
        for (var seed = 0; seed < 40; seed++)
        {
            using var environment = new SepsisEnvironment();
            var reset = environment.Reset(Options("full_state", seed));
            var before = Observation(reset);
            var result = environment.Step(new SepsisAction(SepsisAction.VentilationBit | SepsisAction.VasopressorsBit));

            var ventilationNotIndicated = before.GetProperty("percent_o2").GetString() == "normal";
            var vasopressorsNotIndicated = before.GetProperty("systolic_bp").GetString() != "low";
            Assert.Equal(ventilationNotIndicated ? 1.0 : 0.0, Component(result, "ventilation_not_indicated"));
            Assert.Equal(vasopressorsNotIndicated ? 1.0 : 0.0, Component(result, "vasopressors_not_indicated"));
            if (ventilationNotIndicated || vasopressorsNotIndicated) costly++;
            seeds++;
        }

        Assert.True(costly > seeds / 2, $"only {costly} of {seeds} admissions made the unindicated treatment cost");
    }

    [Fact]
    public void Sepsis_AntibioticsOnly_CostsNothing()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            using var environment = new SepsisEnvironment();
            var result = environment.Reset(Options("full_state", seed));
            while (!result.Done) result = environment.Step(new SepsisAction(SepsisAction.AntibioticsBit));

            Assert.Equal(0.0, Cumulative(result));
        }
    }

    [Fact]
    public void Polypharmacy_StoppingACriticalDrugAndAnInvalidAction_Cost()
    {
        var (environment, _) = Start(Patient(Hard, ["AF", "HTN"], "warfarin", "naproxen", "lisinopril"));
        using (environment)
        {
            var stop = environment.Step(Stop("warfarin"));
            Assert.Equal(1.0, Component(stop, "critical_stop_without_substitute"));
            Assert.Equal(0.0, Component(stop, "outside_mask"));

            var invalid = environment.Step(Stop("warfarin"));
            Assert.NotNull(LastError(invalid));
            Assert.Equal(1.0, Component(invalid, "outside_mask"));
            Assert.Equal(2.0, Cumulative(invalid));
        }
    }

    [Fact]
    public void Polypharmacy_QueryStopOfANonCriticalDrugAndFinish_CostsNothing()
    {
        var (environment, _) = Start(Patient(Hard, ["AF", "HTN"], "warfarin", "naproxen", "lisinopril"));
        using (environment)
        {
            environment.Step(Query("warfarin", "naproxen"));
            environment.Step(Stop("naproxen"));
            var finish = environment.Step(PolypharmacyAction.Finish());

            Assert.True(finish.Done);
            Assert.Equal(0.0, Cumulative(finish));
        }
    }

    private static double Component(StepResult result, string name) => Metadata(result).GetProperty("cost_components").GetProperty(name).GetDouble();

    private static double Cumulative(StepResult result) => Metadata(result).GetProperty("cumulative_cost").GetDouble();
}
