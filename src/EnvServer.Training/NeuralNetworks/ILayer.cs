namespace EnvServer.Training.NeuralNetworks;

/// <summary>
/// One differentiable stage. <see cref="Forward"/> keeps what <see cref="Backward"/> needs, so a
/// backward pass must follow the forward pass of the same batch.
/// </summary>
internal interface ILayer
{
    IReadOnlyList<Parameter> Parameters { get; }

    Matrix Forward(Matrix input);

    /// <summary>Adds the parameters' gradients and returns the gradient with respect to the input.</summary>
    Matrix Backward(Matrix outputGradient);
}
