using System.Numerics.Tensors;

namespace EnvServer.Training.NeuralNetworks;

/// <summary>Global gradient-norm clipping, as torch.nn.utils.clip_grad_norm_.</summary>
internal static class GradientClipping
{
    /// <summary>Scales all gradients so their joint L2 norm is at most <paramref name="maxNorm"/>.</summary>
    /// <returns>The norm before clipping.</returns>
    public static float ClipGlobalNorm(IEnumerable<Parameter> parameters, float maxNorm)
    {
        var list = parameters as IReadOnlyList<Parameter> ?? parameters.ToArray();
        var sumOfSquares = 0.0;
        foreach (var parameter in list) sumOfSquares += TensorPrimitives.SumOfSquares<float>(parameter.Gradient);
        var norm = (float)Math.Sqrt(sumOfSquares);
        var coefficient = maxNorm / (norm + 1e-6f);
        if (coefficient < 1f)
        {
            foreach (var parameter in list) TensorPrimitives.Multiply(parameter.Gradient, coefficient, parameter.Gradient);
        }

        return norm;
    }
}
