using System.Globalization;
using MathNet.Numerics.Distributions;
using static EnvServer.Training.SepsisPrediction.SyntheticPhysiology;

namespace EnvServer.Training.SepsisPrediction;

/// <summary>
/// A seeded synthetic ICU cohort in the PhysioNet 2019 format, for those without the real data and for the tests. It is
/// not real patient data: every value comes from the distributions of <see cref="SyntheticPhysiology"/>. Septic
/// patients deteriorate (heart rate, temperature, respiration and lactate rise, blood pressure falls) over the hours
/// before onset, by a patient-specific amount; some non-septic patients have a transient episode that looks alike.
/// </summary>
internal static class SyntheticCohort
{
    /// <summary>Patient <c>i</c> depends only on the seed and <c>i</c>, so a larger cohort extends a smaller one.</summary>
    public static IEnumerable<PatientStay> Generate(int patients, int seed)
    {
        if (patients < 1) throw new ArgumentException($"--synthetic {patients}: at least 1 patient.");
        var seeds = new Random(seed);
        for (var i = 1; i <= patients; i++) yield return Patient(string.Create(CultureInfo.InvariantCulture, $"s{i:000000}"), new Random(seeds.Next()));
    }

    /// <returns>The number of files written.</returns>
    public static int Write(string directory, int patients, int seed)
    {
        Directory.CreateDirectory(directory);
        var written = 0;
        foreach (var stay in Generate(patients, seed))
        {
            PsvWriter.Write(stay, Path.Combine(directory, stay.Id + PsvFormat.Extension));
            written++;
        }

        return written;
    }

    private static PatientStay Patient(string id, Random random)
    {
        var septic = Bernoulli.Sample(random, SepticShare) == 1;
        var observed = (int)Math.Round(Math.Clamp(LogNormal.Sample(random, Math.Log(MedianStayHours), StayLogSd), MinHours, MaxHours));
        var hours = septic ? Math.Min(MaxHours, observed + 1 + DiscreteUniform.Sample(random, 0, MaxHoursAfterOnset)) : observed;
        var deterioration = septic ? SepsisCourse(observed, hours, random) : UnstableEpisode(hours, random);

        var values = new double[hours][];
        for (var hour = 0; hour < hours; hour++)
        {
            values[hour] = new double[PsvFormat.ValueCount];
            Array.Fill(values[hour], double.NaN);
        }

        var panel = Enumerable.Range(0, hours).Select(_ => random.NextDouble() < LabPanelShare).ToArray();
        var stationary = new Normal(0, 1, random);
        foreach (var profile in SyntheticPhysiology.Columns)
        {
            var column = PsvFormat.IndexOf(profile.Column);
            var isVital = PsvFormat.Vitals.Contains(profile.Column);
            var baseline = Normal.Sample(random, profile.Mean, profile.BetweenPatientSd);
            var inPanel = Math.Min(1, profile.MeasuredShare / LabPanelShare);
            var outsidePanel = Math.Max(0, (profile.MeasuredShare - LabPanelShare) / (1 - LabPanelShare));
            var fluctuation = stationary.Sample() * profile.WithinPatientSd;
            for (var hour = 0; hour < hours; hour++)
            {
                fluctuation = HourlyCorrelation * fluctuation + Math.Sqrt(1 - HourlyCorrelation * HourlyCorrelation) * profile.WithinPatientSd * stationary.Sample();
                var measured = isVital
                    ? random.NextDouble() < profile.MeasuredShare
                    : random.NextDouble() < (panel[hour] ? inPanel : outsidePanel);
                if (!measured) continue;
                var latent = baseline + fluctuation + deterioration[hour] * profile.SepsisShift;
                values[hour][column] = Math.Clamp(profile.LogScale ? Math.Exp(latent) : latent, profile.Min, profile.Max);
            }
        }

        Demographics(values, random);
        var labels = new int[hours];
        if (septic)
        {
            for (var hour = Math.Max(0, observed - LabelLeadHours); hour < hours; hour++) labels[hour] = 1;
        }

        return new PatientStay(id, "synthetic", values, labels);
    }

    /// <summary>0 until deterioration starts, rising to 1 at onset (hour <paramref name="onset"/>), a little beyond
    /// after it; scaled by the patient's severity.</summary>
    private static double[] SepsisCourse(int onset, int hours, Random random)
    {
        var severity = LogNormal.Sample(random, 0, SeverityLogSd);
        var length = ContinuousUniform.Sample(random, MinDriftHours, MaxDriftHours);
        var course = new double[hours];
        for (var hour = 0; hour < hours; hour++)
        {
            var progress = hour <= onset ? Math.Clamp((hour - (onset - length)) / length, 0, 1) : 1 + Math.Min(0.5, 0.1 * (hour - onset));
            course[hour] = severity * progress;
        }

        return course;
    }

    /// <summary>For a share of the non-septic patients, a triangular episode of instability that resolves.</summary>
    private static double[] UnstableEpisode(int hours, Random random)
    {
        var course = new double[hours];
        if (random.NextDouble() >= UnstableShare) return course;
        var severity = LogNormal.Sample(random, UnstableSeverityLogMedian, SeverityLogSd);
        var length = ContinuousUniform.Sample(random, 6, 24);
        var start = ContinuousUniform.Sample(random, -length / 2, hours);
        for (var hour = 0; hour < hours; hour++)
        {
            var position = (hour - start) / length;
            course[hour] = position is > 0 and < 1 ? severity * (1 - Math.Abs(2 * position - 1)) : 0;
        }

        return course;
    }

    private static void Demographics(double[][] values, Random random)
    {
        var age = Math.Round(Math.Clamp(Normal.Sample(random, 62, 16), 18, 100));
        var gender = Bernoulli.Sample(random, 0.56);
        // About 39 % of the real stays have no unit recorded.
        var unitKnown = random.NextDouble() < 0.61;
        var unit1 = Bernoulli.Sample(random, 0.5);
        var hospitalAdmission = -Math.Min(5000, LogNormal.Sample(random, Math.Log(6), 1.5));
        for (var hour = 0; hour < values.Length; hour++)
        {
            var row = values[hour];
            row[PsvFormat.IndexOf("Age")] = age;
            row[PsvFormat.IndexOf("Gender")] = gender;
            row[PsvFormat.IndexOf("Unit1")] = unitKnown ? unit1 : double.NaN;
            row[PsvFormat.IndexOf("Unit2")] = unitKnown ? 1 - unit1 : double.NaN;
            row[PsvFormat.IndexOf("HospAdmTime")] = hospitalAdmission;
            row[PsvFormat.IndexOf("ICULOS")] = hour + 1;
        }
    }
}
