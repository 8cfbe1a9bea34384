namespace EnvServer.Training.Algorithms;

/// <summary>
/// Dueling double DQN's settings, with CleanRL's names (dqn.py) and its defaults where it has them, plus the
/// prioritized-replay settings of Schaul et al. 2016 (α 0.6, β 0.4 → 1) and optional n-step returns.
/// </summary>
internal sealed record DqnOptions
{
    /// <summary>Environment steps of the whole run, over all sessions. Default 500,000.</summary>
    public int TotalTimesteps { get; init; } = 500_000;

    /// <summary>Adam's learning rate. Default 2.5e-4.</summary>
    public float LearningRate { get; init; } = 2.5e-4f;

    /// <summary>Linear decay of the learning rate to 0 over the run (as PPO's), which steadies the greedy policy at the end. Default false.</summary>
    public bool AnnealLr { get; init; }

    /// <summary>Concurrent environment sessions. Default 8.</summary>
    public int NumEnvs { get; init; } = 8;

    /// <summary>Replay memory size. Default 100,000.</summary>
    public int BufferSize { get; init; } = 100_000;

    /// <summary>Discount γ. Default 0.99.</summary>
    public float Gamma { get; init; } = 0.99f;

    /// <summary>Target network update rate: 1 copies the online network every <see cref="TargetNetworkFrequency"/> steps
    /// (hard update), less blends it in (Polyak). Default 1.</summary>
    public float Tau { get; init; } = 1f;

    /// <summary>Environment steps between target network updates. Default 500.</summary>
    public int TargetNetworkFrequency { get; init; } = 500;

    /// <summary>Transitions per gradient step. Default 128.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>ε at the start of the run. Default 1.</summary>
    public float StartE { get; init; } = 1f;

    /// <summary>ε after the exploration period and for the rest of the run. Default 0.05.</summary>
    public float EndE { get; init; } = 0.05f;

    /// <summary>Fraction of the run over which ε decays linearly. Default 0.5.</summary>
    public float ExplorationFraction { get; init; } = 0.5f;

    /// <summary>Environment steps before learning starts. Default 10,000.</summary>
    public int LearningStarts { get; init; } = 10_000;

    /// <summary>Environment steps per gradient step. Default 10.</summary>
    public int TrainFrequency { get; init; } = 10;

    /// <summary>Every reward is multiplied by this before it is stored, so Q-values stay in a range the Huber loss and
    /// Adam handle (hiv's rewards reach 1e8 per step; 1e-7 keeps its Q-values in the hundreds). Logged returns stay raw.
    /// Default 1.</summary>
    public float RewardScale { get; init; } = 1f;

    /// <summary>Steps summed into each return before bootstrapping. Default 1.</summary>
    public int NStep { get; init; } = 1;

    /// <summary>Prioritized replay (proportional); false replays uniformly. Default true.</summary>
    public bool Prioritized { get; init; } = true;

    /// <summary>Priority exponent α. Default 0.6.</summary>
    public float PriorityAlpha { get; init; } = 0.6f;

    /// <summary>Importance-sampling exponent β at the start, annealed linearly to 1 at the end of the run. Default 0.4.</summary>
    public float PriorityBeta { get; init; } = 0.4f;

    /// <summary>Added to |δ| so no transition's priority is 0. Default 1e-6.</summary>
    public float PriorityEpsilon { get; init; } = 1e-6f;

    /// <summary>Global gradient-norm clip. Default 10.</summary>
    public float MaxGradNorm { get; init; } = 10f;

    /// <summary>Width of the two hidden layers of the torso. Default 128.</summary>
    public int HiddenSize { get; init; } = 128;

    /// <summary>Evaluate deterministically every this many environment steps (and at the end); 0 only at the end. Default 50,000.</summary>
    public int EvalFrequency { get; init; } = 50_000;

    /// <summary>Where the networks live and the minibatches are computed: cpu or cuda (see <c>--device</c>). Default cpu.</summary>
    public string Device { get; init; } = Networks.TorchDevice.Default;

    /// <summary>Seed of the networks, exploration, replay sampling and the environments' episode seeds. Default 1.</summary>
    public int Seed { get; init; } = 1;
}
