using EnvServer.Environments.Core;
using EnvServer.Environments.Hiv;
using static EnvServer.Environments.Tests.Hiv.HivRun;
using static EnvServer.Environments.Tests.Support.EpisodeJson;

namespace EnvServer.Environments.Tests.Hiv;

/// <summary>Cohorts: the shipped file, draws inside each cohort's ranges, cohorts that differ, and bad files.</summary>
public class HivCohortTests
{
    // The ranges documented in data/hiv/README.md and the README's cohort table, restated here on purpose.
    public static TheoryData<string, double, double, double, double, double, double, double, double> Documented => new()
    {
        { "hospital_a", 7.0e-7, 8.0e-7, 7.0e-5, 1.0e-4, 0.32, 0.34, 9500, 10500 },
        { "hospital_b", 5.0e-7, 6.0e-7, 1.0e-5, 4.0e-5, 0.29, 0.31, 9500, 10500 },
        { "hospital_c", 6.0e-7, 7.0e-7, 4.0e-5, 7.0e-5, 0.30, 0.33, 7000, 8500 },
        { "hospital_d", 5.0e-7, 8.0e-7, 1.0e-5, 1.0e-4, 0.29, 0.34, 11000, 13000 },
    };

    [Fact]
    public void Catalog_ShippedFile_HasFourCohortsWithDescriptions()
    {
        Assert.Equal(["hospital_a", "hospital_b", "hospital_c", "hospital_d"], HivCohortCatalog.All.Select(c => c.Id));
        Assert.All(HivCohortCatalog.All, c => Assert.False(string.IsNullOrWhiteSpace(c.Description)));
    }

    [Theory]
    [MemberData(nameof(Documented))]
    public void CohortPatients_EveryTask_DrawnInsideDocumentedRanges(
        string cohort, double k1Low, double k1High, double k2Low, double k2High, double fLow, double fHigh, double lambdaLow, double lambdaHigh)
    {
        foreach (var taskId in new[] { DefaultPatient, RandomizedPatient, ClinicalMonitoring })
        {
            var patients = Enumerable.Range(0, 100).Select(seed => Patient(taskId, seed, cohort)).ToList();

            Assert.All(patients, p =>
            {
                Assert.InRange(p.K1, k1Low, k1High);
                Assert.InRange(p.K2, k2Low, k2High);
                Assert.InRange(p.F, fLow, fHigh);
                Assert.InRange(p.Lambda1, lambdaLow, lambdaHigh);
            });
            // Uniform draws fill the range: the mean lies near the centre.
            Assert.InRange(patients.Average(p => p.K1), k1Low + 0.35 * (k1High - k1Low), k1High - 0.35 * (k1High - k1Low));
            Assert.InRange(patients.Average(p => p.Lambda1), lambdaLow + 0.35 * (lambdaHigh - lambdaLow), lambdaHigh - 0.35 * (lambdaHigh - lambdaLow));
        }
    }

    [Fact]
    public void Cohorts_SameSeeds_DrawDifferentPopulationsAndOutcomes()
    {
        var a = Enumerable.Range(0, 50).Select(seed => Patient(RandomizedPatient, seed, "hospital_a")).ToList();
        var b = Enumerable.Range(0, 50).Select(seed => Patient(RandomizedPatient, seed, "hospital_b")).ToList();
        var c = Enumerable.Range(0, 50).Select(seed => Patient(RandomizedPatient, seed, "hospital_c")).ToList();

        // Non-IID: the populations do not overlap in k1 (a vs b) or in λ1 (c vs a).
        Assert.True(a.Min(p => p.K1) > b.Max(p => p.K1));
        Assert.True(a.Min(p => p.Lambda1) > c.Max(p => p.Lambda1));
        var returnA = Play(Options(RandomizedPatient, 3, ("cohort", "hospital_a")), HivBaselinePolicies.NeverTreat);
        var returnB = Play(Options(RandomizedPatient, 3, ("cohort", "hospital_b")), HivBaselinePolicies.NeverTreat);
        Assert.NotEqual(returnA, returnB);
    }

    [Fact]
    public void Cohort_SameSeed_SamePatient()
    {
        Assert.Equal(Patient(ClinicalMonitoring, 8, "hospital_c"), Patient(ClinicalMonitoring, 8, "hospital_c"));
        Assert.NotEqual(Patient(ClinicalMonitoring, 8, "hospital_c"), Patient(ClinicalMonitoring, 9, "hospital_c"));
    }

    [Fact]
    public void Cohort_ReportedInInfoAndState()
    {
        using var environment = new HivEnvironment();
        var reset = environment.Reset(Options(DefaultPatient, 1, ("cohort", "hospital_b")));

        Assert.Equal("hospital_b", Support.JsonText.Parse(reset.Metadata).GetProperty("cohort").GetString());
        Assert.Equal("hospital_b", State(environment).GetProperty("cohort").GetString());
    }

    [Fact]
    public void Cohort_Unknown_IsInvalidInputNamingTheOption()
    {
        using var environment = new HivEnvironment();

        var error = Assert.Throws<InvalidInputException>(() => environment.Reset(Options(DefaultPatient, 1, ("cohort", "hospital_z"))));
        Assert.Equal("cohort", error.Field);
        Assert.Contains("hospital_a", error.Message);
    }

    [Fact]
    public void Load_MissingFile_NamesTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid()}.json");

        var error = Assert.Throws<InvalidDataException>(() => HivCohortCatalog.Load(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Load_BrokenJson_NamesFileAndLine()
    {
        var error = LoadText("{\n  \"cohorts\": [\n    {\"id\": \"x\",,}\n  ]\n}");

        Assert.Contains("line 3", error.Message);
    }

    [Theory]
    [InlineData("{\"id\":\"bad\",\"description\":\"d\",\"k1\":[8e-7,5e-7],\"k2\":[1e-5,1e-4],\"f\":[0.3,0.3],\"lambda1\":[1e4,1e4]}", "cohort 'bad', field k1")]
    [InlineData("{\"id\":\"bad\",\"description\":\"d\",\"k1\":[5e-7,8e-7],\"k2\":[1e-5],\"f\":[0.3,0.3],\"lambda1\":[1e4,1e4]}", "cohort 'bad', field k2")]
    [InlineData("{\"id\":\"bad\",\"description\":\"d\",\"k1\":[5e-7,8e-7],\"k2\":[1e-5,1e-4],\"f\":[0.3,0.3]}", "cohort 'bad', field lambda1")]
    [InlineData("{\"id\":\"Bad Id\",\"description\":\"d\",\"k1\":[5e-7,8e-7],\"k2\":[1e-5,1e-4],\"f\":[0.3,0.3],\"lambda1\":[1e4,1e4]}", "cohort #1")]
    [InlineData("{\"description\":\"d\"}", "cohort #1, field id")]
    public void Load_InvalidCohort_NamesFileCohortAndField(string cohort, string expected)
    {
        var error = LoadText($"{{\"cohorts\": [{cohort}]}}");

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Load_DuplicateId_IsRejected()
    {
        const string cohort = "{\"id\":\"same\",\"description\":\"d\",\"k1\":[5e-7,8e-7],\"k2\":[1e-5,1e-4],\"f\":[0.3,0.3],\"lambda1\":[1e4,1e4]}";

        Assert.Contains("'same' appears twice", LoadText($"{{\"cohorts\": [{cohort},{cohort}]}}").Message);
    }

    private static InvalidDataException LoadText(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"cohorts-{Guid.NewGuid()}.json");
        File.WriteAllText(path, text);
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => HivCohortCatalog.Load(path));
            Assert.Contains(path, error.Message);
            return error;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static (double K1, double K2, double F, double Lambda1) Patient(string taskId, long seed, string cohort)
    {
        using var environment = new HivEnvironment();
        environment.Reset(Options(taskId, seed, ("cohort", cohort)));
        var state = State(environment);
        return (state.GetProperty("k1").GetDouble(), state.GetProperty("k2").GetDouble(), state.GetProperty("f").GetDouble(), state.GetProperty("lambda1").GetDouble());
    }
}
