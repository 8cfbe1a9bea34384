namespace EnvServer.Training.SepsisPrediction;

/// <summary>
/// The WGAN-GP that makes minority rows (Gulrajani et al. 2017, their defaults where they give one).
/// </summary>
/// <param name="LatentSize">Noise dimensions the generator starts from.</param>
/// <param name="HiddenSize">Width of both hidden layers of generator and critic.</param>
/// <param name="Steps">Generator updates.</param>
/// <param name="CriticSteps">Critic updates per generator update (the paper's 5).</param>
/// <param name="PenaltyWeight">λ of the gradient penalty (the paper's 10).</param>
/// <param name="LearningRate">Adam's step for both (the paper's 1e-4, with β = (0.5, 0.9)).</param>
/// <param name="BatchSize">Rows per update.</param>
/// <param name="LogEvery">Generator updates between two logged losses.</param>
internal sealed record GanOptions(
    int LatentSize = 32,
    int HiddenSize = 128,
    int Steps = 1000,
    int CriticSteps = 5,
    double PenaltyWeight = 10,
    double LearningRate = 1e-4,
    int BatchSize = 64,
    int LogEvery = 20);

/// <summary>One logged point of GAN training: the critic's loss (with penalty), the generator's loss, the gradient
/// penalty alone and the critic's estimate of the Wasserstein distance (real minus generated score).</summary>
internal readonly record struct GanLoss(int Step, double Critic, double Generator, double GradientPenalty, double Wasserstein);
