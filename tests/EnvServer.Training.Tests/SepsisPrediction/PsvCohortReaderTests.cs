using EnvServer.Training.SepsisPrediction;

namespace EnvServer.Training.Tests.SepsisPrediction;

public sealed class PsvCohortReaderTests
{
    [Fact]
    public void Read_HandWrittenFiles_ValuesNaNAndLabelsAsWritten()
    {
        using var files = new PsvFiles();
        files.Write("p000001.psv", PsvFormat.Header, PsvFiles.Hour(1, "80", "NaN", 0), PsvFiles.Hour(2, "NaN", "65.25", 0), PsvFiles.Hour(3, "112.5", "58", 1));
        files.Write("p000002.psv", PsvFormat.Header, PsvFiles.Hour(1, "70", "90", 0));

        var cohort = PsvCohortReader.Read([files.Path]);

        Assert.Empty(cohort.Skipped);
        Assert.Equal(["p000001", "p000002"], cohort.Stays.Select(stay => stay.Id));
        var first = cohort.Stays[0];
        Assert.Equal(3, first.Hours);
        Assert.Equal([0, 0, 1], first.Labels);
        Assert.True(first.IsSeptic);
        Assert.False(cohort.Stays[1].IsSeptic);
        Assert.Equal(80, first.Values[0][PsvFormat.IndexOf("HR")]);
        Assert.True(double.IsNaN(first.Values[0][PsvFormat.IndexOf("MAP")]));
        Assert.True(double.IsNaN(first.Values[1][PsvFormat.IndexOf("HR")]));
        Assert.Equal(65.25, first.Values[1][PsvFormat.IndexOf("MAP")]);
        Assert.Equal(112.5, first.Values[2][PsvFormat.IndexOf("HR")]);
        Assert.Equal(-3.2, first.Values[2][PsvFormat.IndexOf("HospAdmTime")]);
    }

    [Fact]
    public void Read_ShortStayAndHeaderOnlyAndOtherFiles_OneHourKeptOthersReportedAsSkipped()
    {
        using var files = new PsvFiles();
        files.Write("p000001.psv", PsvFormat.Header, PsvFiles.Hour(1, "80", "70", 0));
        files.Write("p000002.psv", PsvFormat.Header);
        files.Write("notes.txt", "not a patient");

        var cohort = PsvCohortReader.Read([files.Path]);

        var stay = Assert.Single(cohort.Stays);
        Assert.Equal(1, stay.Hours);
        Assert.Equal(2, cohort.Skipped.Count);
        Assert.Contains(cohort.Skipped, line => line.Contains("p000002.psv") && line.Contains("no hourly rows"));
        Assert.Contains(cohort.Skipped, line => line.Contains("notes.txt") && line.Contains("not a .psv"));
    }

    [Fact]
    public void Read_WrongHeader_ErrorNamesFileRowAndColumn()
    {
        using var files = new PsvFiles();
        var file = files.Write("p000001.psv", PsvFormat.Header.Replace("|MAP|", "|MeanAP|"), PsvFiles.Hour(1, "80", "70", 0));

        var error = Assert.Throws<InvalidDataException>(() => PsvCohortReader.Read([files.Path]));

        Assert.Contains(file, error.Message);
        Assert.Contains("row 1", error.Message);
        Assert.Contains("'MeanAP', expected 'MAP'", error.Message);
    }

    [Fact]
    public void Read_HeaderMissingAColumn_ErrorCountsColumns()
    {
        using var files = new PsvFiles();
        files.Write("p000001.psv", PsvFormat.Header.Replace("|EtCO2", ""), PsvFiles.Hour(1, "80", "70", 0));

        var error = Assert.Throws<InvalidDataException>(() => PsvCohortReader.Read([files.Path]));

        Assert.Contains("row 1 (header): 40 columns", error.Message);
    }

    [Fact]
    public void Read_BadNumber_ErrorNamesFileRowAndColumn()
    {
        using var files = new PsvFiles();
        var file = files.Write("p000001.psv", PsvFormat.Header, PsvFiles.Hour(1, "80", "70", 0), PsvFiles.Hour(2, "8o", "70", 0));

        var error = Assert.Throws<InvalidDataException>(() => PsvCohortReader.Read([files.Path]));

        Assert.Contains(file, error.Message);
        Assert.Contains("row 3, column HR: '8o' is not a number", error.Message);
    }

    [Fact]
    public void Read_LabelNotZeroOrOne_ErrorNamesSepsisLabel()
    {
        using var files = new PsvFiles();
        files.Write("p000001.psv", PsvFormat.Header, PsvFiles.Hour(1, "80", "70", 0)[..^1] + "NaN");

        var error = Assert.Throws<InvalidDataException>(() => PsvCohortReader.Read([files.Path]));

        Assert.Contains("row 2, column SepsisLabel: 'NaN'", error.Message);
    }

    [Fact]
    public void Read_RowWithTooFewColumns_ErrorNamesRow()
    {
        using var files = new PsvFiles();
        files.Write("p000001.psv", PsvFormat.Header, PsvFiles.Hour(1, "80", "70", 0), "80|70|0");

        var error = Assert.Throws<InvalidDataException>(() => PsvCohortReader.Read([files.Path]));

        Assert.Contains("row 3: 3 columns", error.Message);
    }

    [Fact]
    public void Read_SamePatientInTwoFolders_ErrorNamesBothFiles()
    {
        using var setA = new PsvFiles();
        using var setB = new PsvFiles();
        var first = setA.Write("p000001.psv", PsvFormat.Header, PsvFiles.Hour(1, "80", "70", 0));
        var second = setB.Write("p000001.psv", PsvFormat.Header, PsvFiles.Hour(1, "81", "71", 0));

        var error = Assert.Throws<InvalidDataException>(() => PsvCohortReader.Read([setA.Path, setB.Path]));

        Assert.Contains(first, error.Message);
        Assert.Contains(second, error.Message);
    }

    [Fact]
    public void Read_FolderWithoutPsvFiles_ErrorNamesDataOption()
    {
        using var files = new PsvFiles();

        var error = Assert.Throws<ArgumentException>(() => PsvCohortReader.Read([files.Path]));

        Assert.Contains("--data", error.Message);
    }

    [Fact]
    public void WriteThenRead_SyntheticStay_RoundTripsToTwoDecimals()
    {
        using var files = new PsvFiles();
        var stay = SyntheticCohort.Generate(5, 3).First(s => s.Hours > 2);
        var path = Path.Combine(files.Path, stay.Id + PsvFormat.Extension);

        PsvWriter.Write(stay, path);
        var read = PsvCohortReader.ReadFile(path);

        Assert.Equal(stay.Labels, read.Labels);
        for (var hour = 0; hour < stay.Hours; hour++)
        {
            for (var column = 0; column < PsvFormat.ValueCount; column++)
            {
                var (written, back) = (stay.Values[hour][column], read.Values[hour][column]);
                if (double.IsNaN(written)) Assert.True(double.IsNaN(back));
                else Assert.Equal(written, back, 0.005 + 1e-9);
            }
        }
    }
}
