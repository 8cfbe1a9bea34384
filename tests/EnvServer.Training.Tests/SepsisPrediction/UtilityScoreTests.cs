using EnvServer.Training.SepsisPrediction;

namespace EnvServer.Training.Tests.SepsisPrediction;

/// <summary>Hand-built cases of the PhysioNet 2019 utility. A septic stay of 20 hours whose label turns 1 at hour 8
/// has onset at hour 14: rewards rise from hour 2 (−12) to 8 (−6), fall to 0 at hour 17 (+3).</summary>
public sealed class UtilityScoreTests
{
    private static int[] SepticLabels() => [.. Enumerable.Repeat(0, 8), .. Enumerable.Repeat(1, 12)];

    private static bool[] PositiveAt(int length, params int[] hours)
    {
        var predictions = new bool[length];
        foreach (var hour in hours) predictions[hour] = true;
        return predictions;
    }

    // A single alarm adds its reward to the misses of every other hour (−10 in all, see the no-alarm case).

    [Fact]
    public void Patient_OneAlarmAtOptimalHour_AddsOne()
    {
        Assert.Equal(-10 + 1, UtilityScore.Patient(SepticLabels(), PositiveAt(20, 8)), 1e-12);
    }

    [Fact]
    public void Patient_OneAlarmNineHoursBeforeOnset_AddsHalf()
    {
        // Hour 5 is 9 hours before onset: halfway up the ramp from −12 (0) to −6 (1).
        Assert.Equal(-10 + 0.5, UtilityScore.Patient(SepticLabels(), PositiveAt(20, 5)), 1e-12);
    }

    [Fact]
    public void Patient_OneAlarmLongBeforeOnset_CostsFalseAlarm()
    {
        Assert.Equal(-10 - 0.05, UtilityScore.Patient(SepticLabels(), PositiveAt(20, 0)), 1e-12);
    }

    [Fact]
    public void Patient_OneAlarmAtOnset_EarnsOneThirdInsteadOfMissCost()
    {
        // Onset (hour 14) is 6 hours after the optimum on a 9-hour fall from 1 to 0 (1/3); missing it would have
        // cost 2/9 · 6 = 4/3.
        Assert.Equal(-10 + 4.0 / 3 + 1.0 / 3, UtilityScore.Patient(SepticLabels(), PositiveAt(20, 14)), 1e-12);
    }

    [Fact]
    public void Patient_NoAlarm_MissesCostUpToTwoAfterOptimum()
    {
        // Misses at hours 9..17 cost 2/9 · (1..9): 2/9 · 45 = 10; hours after 17 count nothing.
        Assert.Equal(-10, UtilityScore.Patient(SepticLabels(), new bool[20]), 1e-12);
    }

    [Fact]
    public void Patient_NonSepticAlarms_CostFivePercentEach()
    {
        Assert.Equal(-0.15, UtilityScore.Patient(new int[10], PositiveAt(10, 1, 2, 3)), 1e-12);
    }

    [Fact]
    public void Normalized_BestPredictions_ScoreOneAndInactionZero()
    {
        var labels = SepticLabels();
        var best = PositiveAt(20, [.. Enumerable.Range(2, 16)]);
        var healthy = new int[12];

        Assert.Equal(1, UtilityScore.Normalized([(labels, best), (healthy, new bool[12])]), 1e-12);
        Assert.Equal(0, UtilityScore.Normalized([(labels, new bool[20]), (healthy, new bool[12])]), 1e-12);
    }

    [Fact]
    public void Normalized_AlwaysAlarm_IsBelowInaction()
    {
        // Best: sum of the ramp at hours 2..17 (0 + 1/6 .. 1 + 8/9 .. 0) = 3.5 + 4 = 7.5, inaction −10; always alarming
        // scores the best's 7.5 plus −0.05 for hours 0 and 1, and −0.05 · 12 for the healthy stay: 6.8.
        var labels = SepticLabels();
        var healthy = new int[12];
        var always = UtilityScore.Normalized([(labels, Enumerable.Repeat(true, 20).ToArray()), (healthy, Enumerable.Repeat(true, 12).ToArray())]);
        Assert.Equal((6.8 + 10) / (7.5 + 10), always, 1e-12);
    }

    [Fact]
    public void Normalized_NoSepticPatient_IsNaN()
    {
        Assert.True(double.IsNaN(UtilityScore.Normalized([(new int[5], new bool[5])])));
    }
}
