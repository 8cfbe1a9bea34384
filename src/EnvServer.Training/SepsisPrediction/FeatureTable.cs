namespace EnvServer.Training.SepsisPrediction;

/// <summary>
/// Model rows: one per patient hour (its features and the hour's label), in hour order within each patient;
/// <see cref="Patients"/> gives the stay of each row (-1 for rows a balancer made up).
/// </summary>
internal sealed record FeatureTable(IReadOnlyList<string> Names, float[][] Features, bool[] Labels, int[] Patients)
{
    public int Count => Labels.Length;

    public int Positives => Labels.Count(label => label);

    public FeatureTable Append(IReadOnlyList<float[]> features, bool label) => this with
    {
        Features = [.. Features, .. features],
        Labels = [.. Labels, .. Enumerable.Repeat(label, features.Count)],
        Patients = [.. Patients, .. Enumerable.Repeat(-1, features.Count)],
    };

    public float[][] Rows(bool label) => Features.Where((_, i) => Labels[i] == label).ToArray();
}
