namespace EnvServer.Training.Federated;

/// <summary>Server-side aggregation: FedProx aggregates as FedAvg and sends μ to the clients' local loss.</summary>
internal enum FederatedStrategy
{
    FedAvg,
    FedProx,
    FedAdam,
}

/// <summary>The coordinator's settings.</summary>
internal sealed record CoordinatorOptions
{
    /// <summary>Training rounds (aggregations) before the final evaluation. Default 10.</summary>
    public int Rounds { get; init; } = 10;

    /// <summary>Live clients needed before a round opens; every live client takes part in it. Default 2.</summary>
    public int MinClients { get; init; } = 2;

    /// <summary>A round closes with the updates it has once this passes, so a slow client cannot stall it. Default 1 hour.</summary>
    public TimeSpan RoundTimeout { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How often clients are told to send heartbeats. Default 2 s.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A client silent for this long has dropped out: the open round stops waiting for it. Default 30 s.</summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a client waits before pulling again when there is no task for it. Default 0.5 s.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>Default FedAvg.</summary>
    public FederatedStrategy Strategy { get; init; } = FederatedStrategy.FedAvg;

    /// <summary>FedProx's μ, sent to the clients with every fit task when <see cref="Strategy"/> is FedProx. Default 0.01.</summary>
    public float ProximalMu { get; init; } = 0.01f;

    /// <summary>Used when <see cref="Strategy"/> is FedAdam.</summary>
    public FedAdamOptions FedAdam { get; init; } = new();

    /// <summary>Update clipping and Gaussian noise; null aggregates without them. Default null.</summary>
    public DifferentialPrivacyOptions? Privacy { get; init; }

    /// <summary>Seed of the initial model (sent to the client asked to create it) and of the privacy noise. Default 1.</summary>
    public int Seed { get; init; } = 1;
}
