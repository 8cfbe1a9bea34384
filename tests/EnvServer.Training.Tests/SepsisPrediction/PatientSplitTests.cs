using EnvServer.Training.SepsisPrediction;

namespace EnvServer.Training.Tests.SepsisPrediction;

public sealed class PatientSplitTests
{
    private static readonly IReadOnlyList<PatientStay> Cohort = SyntheticCohort.Generate(400, 11).ToList();

    [Fact]
    public void Create_SyntheticCohort_NoPatientInTwoSplitsAndNoneLost()
    {
        var split = PatientSplit.Create(Cohort, 0.2, 0.2, seed: 5);

        var train = split.Train.Select(s => s.Id).ToHashSet();
        var validation = split.Validation.Select(s => s.Id).ToHashSet();
        var test = split.Test.Select(s => s.Id).ToHashSet();
        Assert.Empty(train.Intersect(validation));
        Assert.Empty(train.Intersect(test));
        Assert.Empty(validation.Intersect(test));
        Assert.Equal(Cohort.Select(s => s.Id).Order(), train.Concat(validation).Concat(test).Order());
    }

    [Fact]
    public void Create_SyntheticCohort_EverySplitKeepsTheSepticShare()
    {
        var split = PatientSplit.Create(Cohort, 0.2, 0.2, seed: 5);
        var share = (double)Cohort.Count(s => s.IsSeptic) / Cohort.Count;

        foreach (var part in new[] { split.Train, split.Validation, split.Test })
        {
            Assert.InRange((double)part.Count(s => s.IsSeptic) / part.Count, share - 0.02, share + 0.02);
        }

        Assert.InRange(split.Test.Count, 75, 85);
    }

    [Fact]
    public void Create_SameSeed_SameSplitAndOtherSeed_Differs()
    {
        var first = PatientSplit.Create(Cohort, 0.2, 0.2, seed: 5);
        var again = PatientSplit.Create(Cohort, 0.2, 0.2, seed: 5);
        var other = PatientSplit.Create(Cohort, 0.2, 0.2, seed: 6);

        Assert.Equal(first.Test.Select(s => s.Id), again.Test.Select(s => s.Id));
        Assert.NotEqual(first.Test.Select(s => s.Id).Order(), other.Test.Select(s => s.Id).Order());
    }

    [Fact]
    public void Create_TooFewSepticPatients_ErrorSaysHowMany()
    {
        var cohort = Cohort.Where(s => !s.IsSeptic).Concat(Cohort.Where(s => s.IsSeptic).Take(2)).ToList();

        var error = Assert.Throws<InvalidDataException>(() => PatientSplit.Create(cohort, 0.2, 0.2, seed: 5));

        Assert.Contains("2 septic", error.Message);
    }
}
