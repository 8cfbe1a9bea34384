using EnvServer.Environments.Core;
using EnvServer.Environments.Polypharmacy;
using static EnvServer.Environments.Tests.Polypharmacy.PolypharmacyRun;
using static EnvServer.Environments.Tests.Support.EpisodeJson;

namespace EnvServer.Environments.Tests.Polypharmacy;

/// <summary>The features vector says by slot what the observation says by medication.</summary>
public class PolypharmacyFeaturesTests
{
    private static readonly int Stride = PolypharmacyFeatures.PerSlotFlags + PolypharmacyCatalog.Shared.Drugs.Count;

    [Fact]
    public void Reset_HandBuiltPatient_EncodesBudgetsAndEachSlotsDrugAndFlags()
    {
        var (environment, reset) = Start(Patient(Hard, ["AF"], "warfarin", "naproxen", "metoprolol", "diazepam"));
        using var _ = environment;

        var features = Features(reset);

        Assert.Equal(PolypharmacyFeatures.Size(PolypharmacyCatalog.Shared), features.Length);
        Assert.Equal([1.0, 1.0, 1.0, 4.0 / 15], features[..4]);
        Assert.Equal([1.0, 1.0, 1.0], Slot(features, 0)[..3]);                       // warfarin: taken, high-risk, critical
        Assert.Equal([1.0, 0.0, 0.0, 0.0], Slot(features, 3)[3..7]);                 // diazepam: Beers avoid
        Assert.Equal(1.0, Slot(features, 1)[PolypharmacyFeatures.PerSlotFlags + PolypharmacyCatalog.Shared.DrugIndex("naproxen")]);
        Assert.Equal(1.0, Slot(features, 2)[PolypharmacyFeatures.PerSlotFlags..].Sum());
        Assert.All(Enumerable.Range(4, ActionMask.MaxSlots - 4), s => Assert.All(Slot(features, s), v => Assert.Equal(0.0, v)));
    }

    [Fact]
    public void Step_QueryThenStop_CountsTheFoundPairOnBothSlotsUntilOneIsStopped()
    {
        var (environment, _) = Start(Patient(Hard, ["AF"], "warfarin", "naproxen", "metoprolol"));
        using var _ = environment;

        var queried = Features(environment.Step(Query("warfarin", "naproxen")));
        var stopped = Features(environment.Step(Stop("naproxen")));

        foreach (var slot in new[] { 0, 1 })
        {
            Assert.Equal([1.0, 0.0, 0.0, 0.90, 1.0, 0.0, 0.0], Slot(queried, slot)[9..16].Select(v => Math.Round(v, 6)));
        }

        Assert.Equal(11.0 / 12, queried[0], 6);
        Assert.All(Slot(stopped, 1), v => Assert.Equal(0.0, v));
        Assert.Equal([0.0, 0.0, 0.0, 0.0], Slot(stopped, 0)[9..13]);
        Assert.Equal(4.0 / 5, stopped[1], 6);
    }

    private static double[] Features(StepResult result) =>
        Observation(result).GetProperty("features").EnumerateArray().Select(e => e.GetDouble()).ToArray();

    private static double[] Slot(double[] features, int slot) => features[(PolypharmacyFeatures.GlobalCount + slot * Stride)..(PolypharmacyFeatures.GlobalCount + (slot + 1) * Stride)];
}
