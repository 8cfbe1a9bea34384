using TorchSharp;
using static TorchSharp.torch;

namespace EnvServer.Training.SepsisPrediction;

/// <summary>
/// A Wasserstein GAN with gradient penalty for tabular rows (standardised features): generator and critic are MLPs
/// (two hidden layers, LeakyReLU(0.2), no normalisation in the critic, as the penalty requires). Trained on the
/// minority rows handed to it, which the pipeline takes from the training patients only. Seeded through TorchSharp's
/// generator.
/// </summary>
internal sealed class WganGp : IDisposable
{
    private readonly nn.Module<Tensor, Tensor> _generator;
    private readonly int _latentSize;

    private WganGp(nn.Module<Tensor, Tensor> generator, int latentSize, IReadOnlyList<GanLoss> losses)
    {
        _generator = generator;
        _latentSize = latentSize;
        Losses = losses;
    }

    public IReadOnlyList<GanLoss> Losses { get; }

    public static WganGp Train(IReadOnlyList<float[]> minority, GanOptions options, int seed)
    {
        if (minority.Count < 2) throw new InvalidDataException($"the GAN needs at least 2 minority training rows, there are {minority.Count}.");
        // One thread: the same numbers on any machine, and no oversubscription of a small shared one.
        torch.set_num_threads(1);
        torch.manual_seed(seed);
        var width = minority[0].Length;
        var generator = Mlp(options.LatentSize, options.HiddenSize, width);
        var critic = Mlp(width, options.HiddenSize, 1);
        var generatorOptimizer = optim.Adam(generator.parameters(), options.LearningRate, 0.5, 0.9);
        var criticOptimizer = optim.Adam(critic.parameters(), options.LearningRate, 0.5, 0.9);
        using var real = torch.tensor(minority.SelectMany(row => row).ToArray(), minority.Count, width);
        var losses = new List<GanLoss>();

        for (var step = 1; step <= options.Steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            double criticLoss = 0, penalty = 0, distance = 0;
            for (var k = 0; k < options.CriticSteps; k++)
            {
                var batch = real.index_select(0, torch.randint(minority.Count, options.BatchSize, dtype: ScalarType.Int64));
                var fake = generator.forward(torch.randn(options.BatchSize, options.LatentSize)).detach();
                var realScore = critic.forward(batch).mean();
                var fakeScore = critic.forward(fake).mean();
                var gradientPenalty = GradientPenalty(critic, batch, fake);
                var loss = fakeScore - realScore + options.PenaltyWeight * gradientPenalty;
                criticOptimizer.zero_grad();
                loss.backward();
                criticOptimizer.step();
                (criticLoss, penalty, distance) = (loss.item<float>(), gradientPenalty.item<float>(), (realScore - fakeScore).item<float>());
            }

            var generatorLoss = -critic.forward(generator.forward(torch.randn(options.BatchSize, options.LatentSize))).mean();
            generatorOptimizer.zero_grad();
            generatorLoss.backward();
            generatorOptimizer.step();
            if (step % options.LogEvery == 0 || step == options.Steps) losses.Add(new GanLoss(step, criticLoss, generatorLoss.item<float>(), penalty, distance));
        }

        critic.Dispose();
        return new WganGp(generator, options.LatentSize, losses);
    }

    public float[][] Sample(int count)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        _generator.eval();
        var rows = _generator.forward(torch.randn(count, _latentSize));
        var width = (int)rows.shape[1];
        var values = rows.data<float>().ToArray();
        return Enumerable.Range(0, count).Select(i => values.AsSpan(i * width, width).ToArray()).ToArray();
    }

    public void Dispose() => _generator.Dispose();

    /// <summary>E[(‖∇ critic(x̂)‖ − 1)²] at random points between real and generated rows.</summary>
    private static Tensor GradientPenalty(nn.Module<Tensor, Tensor> critic, Tensor real, Tensor fake)
    {
        var alpha = torch.rand(real.shape[0], 1);
        var between = (alpha * real + (1 - alpha) * fake).requires_grad_(true);
        var score = critic.forward(between);
        var gradient = torch.autograd.grad([score], [between], [torch.ones_like(score)], retain_graph: true, create_graph: true)[0];
        var norm = (gradient.pow(2).sum(1) + 1e-12).sqrt();
        return (norm - 1).pow(2).mean();
    }

    private static nn.Module<Tensor, Tensor> Mlp(int inputs, int hidden, int outputs) => nn.Sequential(
        ("0", nn.Linear(inputs, hidden)),
        ("1", nn.LeakyReLU(0.2)),
        ("2", nn.Linear(hidden, hidden)),
        ("3", nn.LeakyReLU(0.2)),
        ("4", nn.Linear(hidden, outputs)));
}
