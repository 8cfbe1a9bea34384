namespace EnvServer.Training.NeuralNetworks;

/// <summary>A trainable tensor and the gradient accumulated for it, flat, with its logical shape.</summary>
internal sealed class Parameter(string name, params int[] shape)
{
    public string Name { get; } = name;

    public int[] Shape { get; } = shape;

    public float[] Value { get; } = new float[shape.Aggregate(1, (a, b) => a * b)];

    public float[] Gradient { get; } = new float[shape.Aggregate(1, (a, b) => a * b)];

    public void ZeroGradient() => Array.Clear(Gradient);
}
