namespace EnvServer.Training.Algorithms;

/// <summary>PPO's settings, with CleanRL's names and the defaults of its continuous-action script (ppo_continuous_action.py).</summary>
internal sealed record PpoOptions
{
    /// <summary>Environment steps of the whole run, over all sessions. Default 200,000.</summary>
    public int TotalTimesteps { get; init; } = 200_000;

    /// <summary>Adam's learning rate. Default 3e-4.</summary>
    public float LearningRate { get; init; } = 3e-4f;

    /// <summary>Concurrent environment sessions. Default 1.</summary>
    public int NumEnvs { get; init; } = 1;

    /// <summary>Steps per session per rollout. Default 2048.</summary>
    public int NumSteps { get; init; } = 2048;

    /// <summary>Linear decay of the learning rate to 0 over the run. Default true.</summary>
    public bool AnnealLr { get; init; } = true;

    /// <summary>Discount γ. Default 0.99.</summary>
    public float Gamma { get; init; } = 0.99f;

    /// <summary>GAE λ. Default 0.95.</summary>
    public float GaeLambda { get; init; } = 0.95f;

    /// <summary>Minibatches per epoch. Default 32.</summary>
    public int NumMinibatches { get; init; } = 32;

    /// <summary>Epochs over each rollout. Default 10.</summary>
    public int UpdateEpochs { get; init; } = 10;

    /// <summary>Normalise advantages within each minibatch. Default true.</summary>
    public bool NormAdv { get; init; } = true;

    /// <summary>Surrogate clipping ε. Default 0.2.</summary>
    public float ClipCoef { get; init; } = 0.2f;

    /// <summary>Clip the value loss around the old values. Default true.</summary>
    public bool ClipVloss { get; init; } = true;

    /// <summary>Entropy bonus coefficient. Default 0.0.</summary>
    public float EntCoef { get; init; } = 0.0f;

    /// <summary>Value loss coefficient. Default 0.5.</summary>
    public float VfCoef { get; init; } = 0.5f;

    /// <summary>Global gradient-norm clip. Default 0.5.</summary>
    public float MaxGradNorm { get; init; } = 0.5f;

    /// <summary>Stop an update's epochs early once approx_kl exceeds this; null never stops. Default null.</summary>
    public float? TargetKl { get; init; }

    /// <summary>Divide rewards by the running std of the discounted return and clip them to ±10 (CleanRL's continuous
    /// script's NormalizeReward + clip). Default true.</summary>
    public bool NormReward { get; init; } = true;

    /// <summary>Evaluate deterministically every this many updates (and after the last); 0 evaluates only at the end. Default 10.</summary>
    public int EvalEvery { get; init; } = 10;

    /// <summary>Hidden layer width of actor and critic. Default 64.</summary>
    public int HiddenSize { get; init; } = 64;

    /// <summary>Seed of the networks, the sampling and the environments' episode seeds. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Where the networks live and the minibatches are computed: cpu or cuda (see <c>--device</c>). Default cpu.</summary>
    public string Device { get; init; } = Networks.TorchDevice.Default;

    public int BatchSize => NumEnvs * NumSteps;

    public int MinibatchSize => BatchSize / NumMinibatches;

    public int NumUpdates => TotalTimesteps / BatchSize;
}
