namespace EnvServer.Training.Algorithms;

/// <summary>REINFORCE's settings, named as CleanRL names PPO's where they mean the same.</summary>
internal sealed record ReinforceOptions
{
    /// <summary>Environment steps of the whole run, over all sessions. Default 200,000.</summary>
    public int TotalTimesteps { get; init; } = 200_000;

    /// <summary>Adam's learning rate. Default 1e-3.</summary>
    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>Concurrent environment sessions. Default 8.</summary>
    public int NumEnvs { get; init; } = 8;

    /// <summary>Finished episodes per gradient step (the batch). Default 32.</summary>
    public int EpisodesPerUpdate { get; init; } = 32;

    /// <summary>Linear decay of the learning rate to 0 over the run. Default true.</summary>
    public bool AnnealLr { get; init; } = true;

    /// <summary>Discount γ of the Monte-Carlo returns. Default 0.99.</summary>
    public float Gamma { get; init; } = 0.99f;

    /// <summary>Normalise the advantages (return − baseline) over each batch. Default true.</summary>
    public bool NormAdv { get; init; } = true;

    /// <summary>Entropy bonus coefficient. Default 0.01.</summary>
    public float EntCoef { get; init; } = 0.01f;

    /// <summary>Value (baseline) loss coefficient. Default 0.5.</summary>
    public float VfCoef { get; init; } = 0.5f;

    /// <summary>Global gradient-norm clip. Default 0.5.</summary>
    public float MaxGradNorm { get; init; } = 0.5f;

    /// <summary>Hidden layer width of policy and baseline. Default 64.</summary>
    public int HiddenSize { get; init; } = 64;

    /// <summary>Where the networks live and the minibatches are computed: cpu or cuda (see <c>--device</c>). Default cpu.</summary>
    public string Device { get; init; } = Networks.TorchDevice.Default;

    /// <summary>Seed of the networks, the sampling and the environments' episode seeds. Default 1.</summary>
    public int Seed { get; init; } = 1;
}
