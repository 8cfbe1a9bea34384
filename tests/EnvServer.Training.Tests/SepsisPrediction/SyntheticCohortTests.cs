using EnvServer.Training.SepsisPrediction;

namespace EnvServer.Training.Tests.SepsisPrediction;

public sealed class SyntheticCohortTests
{
    private static readonly IReadOnlyList<PatientStay> Cohort = SyntheticCohort.Generate(1500, 1).ToList();

    [Fact]
    public void Generate_SameSeed_SameCohortAndLargerCohortExtendsSmaller()
    {
        var small = SyntheticCohort.Generate(20, 1).ToList();

        for (var i = 0; i < small.Count; i++)
        {
            Assert.Equal(small[i].Labels, Cohort[i].Labels);
            Assert.Equal(small[i].Values[^1], Cohort[i].Values[^1]);
        }

        Assert.NotEqual(SyntheticCohort.Generate(20, 2).Select(s => s.Hours), small.Select(s => s.Hours));
    }

    [Fact]
    public void Generate_1500Patients_ImbalanceAndMissingnessAsInPhysioNet2019()
    {
        var hours = Cohort.Sum(s => s.Hours);
        var septicShare = (double)Cohort.Count(s => s.IsSeptic) / Cohort.Count;
        var labelledShare = (double)Cohort.Sum(s => s.Labels.Sum()) / hours;
        double Missing(string column) => (double)Cohort.Sum(s => s.Values.Count(h => double.IsNaN(h[PsvFormat.IndexOf(column)]))) / hours;

        Assert.InRange(septicShare, 0.055, 0.09);
        Assert.InRange(labelledShare, 0.012, 0.03);
        Assert.InRange((double)hours / Cohort.Count, 30, 48);
        Assert.InRange(Missing("HR"), 0.05, 0.15);
        Assert.InRange(Missing("Lactate"), 0.95, 0.99);
        Assert.InRange(Missing("Age"), 0, 0);
    }

    [Fact]
    public void Generate_SepticPatients_LabelTurnsOneSixHoursBeforeOnsetAndStays()
    {
        foreach (var stay in Cohort.Where(s => s.IsSeptic))
        {
            var first = Array.IndexOf(stay.Labels, 1);
            Assert.All(stay.Labels[first..], label => Assert.Equal(1, label));
            Assert.InRange(stay.Hours - first, 1, SyntheticPhysiology.LabelLeadHours + 1 + SyntheticPhysiology.MaxHoursAfterOnset);
        }
    }

    [Fact]
    public void Generate_SepticPatients_HeartRateRisesAndMapFallsBeforeOnset()
    {
        // Labelled hours against each septic patient's own first hours: the drift the generator promises.
        double Change(string column) => Cohort.Where(s => s.IsSeptic && Array.IndexOf(s.Labels, 1) >= 8).Select(stay =>
        {
            var index = PsvFormat.IndexOf(column);
            var first = Array.IndexOf(stay.Labels, 1);
            var before = stay.Values[..4].Select(h => h[index]).Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Average();
            var after = stay.Values[first..].Select(h => h[index]).Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Average();
            return after - before;
        }).Where(change => !double.IsNaN(change)).Average();

        Assert.InRange(Change("HR"), 5, 40);
        Assert.InRange(Change("Resp"), 1, 10);
        Assert.InRange(Change("MAP"), -25, -3);
    }
}
