namespace EnvServer.Training.Algorithms;

/// <summary>Recurrent PPO's settings, with CleanRL's names and the defaults of its ppo_atari_lstm.py where they apply.</summary>
internal sealed record PpoLstmOptions
{
    /// <summary>Environment steps of the whole run, over all sessions. Default 200,000.</summary>
    public int TotalTimesteps { get; init; } = 200_000;

    /// <summary>Adam's learning rate. Default 2.5e-4.</summary>
    public float LearningRate { get; init; } = 2.5e-4f;

    /// <summary>Concurrent environment sessions; a multiple of <see cref="NumMinibatches"/>, since a minibatch is a set
    /// of whole sessions. Default 8.</summary>
    public int NumEnvs { get; init; } = 8;

    /// <summary>Steps per session per rollout: the length of the sequences the LSTM is trained on. Default 128.</summary>
    public int NumSteps { get; init; } = 128;

    /// <summary>Linear decay of the learning rate to 0 over the run. Default true.</summary>
    public bool AnnealLr { get; init; } = true;

    /// <summary>Discount γ. Default 0.99.</summary>
    public float Gamma { get; init; } = 0.99f;

    /// <summary>GAE λ. Default 0.95.</summary>
    public float GaeLambda { get; init; } = 0.95f;

    /// <summary>Minibatches per epoch, each of NumEnvs / NumMinibatches sessions' whole sequences. Default 4.</summary>
    public int NumMinibatches { get; init; } = 4;

    /// <summary>Epochs over each rollout. Default 4.</summary>
    public int UpdateEpochs { get; init; } = 4;

    /// <summary>Normalise advantages within each minibatch. Default true.</summary>
    public bool NormAdv { get; init; } = true;

    /// <summary>Surrogate clipping ε. Default 0.1.</summary>
    public float ClipCoef { get; init; } = 0.1f;

    /// <summary>Clip the value loss around the old values. Default true.</summary>
    public bool ClipVloss { get; init; } = true;

    /// <summary>Entropy bonus coefficient. Default 0.01.</summary>
    public float EntCoef { get; init; } = 0.01f;

    /// <summary>Value loss coefficient. Default 0.5.</summary>
    public float VfCoef { get; init; } = 0.5f;

    /// <summary>Global gradient-norm clip. Default 0.5.</summary>
    public float MaxGradNorm { get; init; } = 0.5f;

    /// <summary>Stop an update's epochs early once approx_kl exceeds this; null never stops. Default null.</summary>
    public float? TargetKl { get; init; }

    /// <summary>Divide rewards by the running std of the discounted return and clip them to ±10, as PPO's
    /// <see cref="PpoOptions.NormReward"/>. Default true.</summary>
    public bool NormReward { get; init; } = true;

    /// <summary>Evaluate deterministically every this many updates (and after the last); 0 evaluates only at the end. Default 10.</summary>
    public int EvalEvery { get; init; } = 10;

    /// <summary>Width of the encoder in front of the LSTM. Default 64.</summary>
    public int HiddenSize { get; init; } = 64;

    /// <summary>Width of the LSTM state. Default 128.</summary>
    public int LstmSize { get; init; } = 128;

    /// <summary>Append the step within the episode to the observation's features (sepsis and hiv do not report it,
    /// and their optimal policies depend on it through the horizon). Default false.</summary>
    public bool TimeFeature { get; init; }

    /// <summary>Bootstrap a truncated episode from the value of its final observation, as <see cref="Ppo"/> does. Off by
    /// default, as in CleanRL's ppo_atari_lstm.py (done = terminated or truncated): where the time limit is the task's
    /// horizon (sepsis's 20 steps, hiv's), the return after it is zero and a recurrent policy can know how near it is.
    /// Default false.</summary>
    public bool BootstrapTruncated { get; init; }

    /// <summary>Seed of the networks, the sampling, the minibatch order and the environments' episode seeds. Default 1.</summary>
    public int Seed { get; init; } = 1;

    public int BatchSize => NumEnvs * NumSteps;

    /// <summary>Sessions per minibatch.</summary>
    public int EnvsPerBatch => NumEnvs / NumMinibatches;

    public int NumUpdates => TotalTimesteps / BatchSize;
}
