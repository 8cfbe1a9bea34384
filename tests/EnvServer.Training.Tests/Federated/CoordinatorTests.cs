using EnvServer.Training.Federated;
using EnvServer.Training.Checkpoints;
using EnvServer.Training.Networks;
using static EnvServer.Training.Tests.Federated.FederatedTestData;

namespace EnvServer.Training.Tests.Federated;

public sealed class CoordinatorTests : IDisposable
{
    private static readonly CoordinatorOptions TwoClients = new()
    {
        Rounds = 2,
        MinClients = 2,
        HeartbeatTimeout = TimeSpan.FromSeconds(10),
        RoundTimeout = TimeSpan.FromMinutes(5),
    };

    private readonly TemporaryDirectory _directory = new();
    private readonly ManualTime _time = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Rounds_TwoClients_InitialiseAverageByExamplesPersistAndFinish()
    {
        var coordinator = Create(TwoClients);
        var (a, b) = StartedWithTwoClients(coordinator);

        var task = coordinator.Pull(a)!;
        Assert.Equal((TaskKind.Fit, 1), (task.Kind, task.Round));
        coordinator.Push(a, Update(1, value: 1f, examples: 100, metrics: new() { ["eval/mean_reward"] = 10 }));
        Assert.Equal(TaskKind.Wait, coordinator.Pull(a)!.Kind);
        coordinator.Push(b, Update(1, value: 5f, examples: 300, metrics: new() { ["eval/mean_reward"] = 30 }));

        // (100·1 + 300·5)/400 = 4.
        var round1 = FederatedModelFile.Load(new CoordinatorStore(_directory.Path).GlobalPath(1));
        Assert.All(round1.Tensors, t => Assert.All(t.Data, v => Assert.Equal(4f, v)));
        Assert.Equal(1e-4 + 10 + 10, round1.Statistics!.Count, 6);
        Assert.Contains("0,global,eval/mean_reward,25,", File.ReadAllText(Path.Combine(_directory.Path, "rounds.csv")), StringComparison.Ordinal);

        Assert.Equal(2, coordinator.Pull(b)!.Round);
        coordinator.Push(a, Update(2, 0f, 1));
        coordinator.Push(b, Update(2, 0f, 1));
        var evaluate = coordinator.Pull(a)!;
        Assert.Equal((TaskKind.Evaluate, 2), (evaluate.Kind, evaluate.Round));
        coordinator.Push(a, new UpdateRequest(2, 10, null, new() { ["eval/mean_reward"] = 1 }));
        coordinator.Push(b, new UpdateRequest(2, 10, null, new() { ["eval/mean_reward"] = 3 }));

        Assert.True(coordinator.Finished.IsCompleted);
        Assert.Equal(TaskKind.Finished, coordinator.Pull(a)!.Kind);
    }

    [Theory]
    [InlineData("wrong_round", "round")]
    [InlineData("wrong_shape", "model.tensors[0].shape")]
    [InlineData("wrong_name", "model.tensors[1].name")]
    [InlineData("missing_tensor", "model.tensors")]
    [InlineData("nan", "model.tensors[0].data")]
    [InlineData("infinity", "model.tensors[1].data")]
    [InlineData("short_data", "model.tensors[0].data")]
    [InlineData("statistics_size", "model.statistics")]
    [InlineData("negative_variance", "model.statistics.variance")]
    [InlineData("no_examples", "num_examples")]
    [InlineData("nan_metric", "metrics.eval/mean_reward")]
    [InlineData("no_model", "model")]
    public void Push_MalformedUpdate_IsRejectedNamingTheFieldLoggedAndNeverAveraged(string malformation, string field)
    {
        var coordinator = Create(TwoClients);
        var (a, b) = StartedWithTwoClients(coordinator);

        var rejection = Assert.Throws<UpdateRejectedException>(() => coordinator.Push(a, Malformed(malformation)));
        coordinator.Push(b, Update(1, value: 2f, examples: 10));
        Assert.Equal(1, coordinator.Status().OpenRound);
        coordinator.Push(a, Update(1, value: 2f, examples: 10));

        Assert.Equal(field, rejection.Field);
        Assert.Contains($"\"field\":\"{field}\"", File.ReadAllText(Path.Combine(_directory.Path, "rejections.jsonl")), StringComparison.Ordinal);
        var round1 = FederatedModelFile.Load(new CoordinatorStore(_directory.Path).GlobalPath(1));
        Assert.All(round1.Tensors, t => Assert.All(t.Data, v => Assert.Equal(2f, v)));
    }

    [Fact]
    public void Push_SecondUpdateOfTheSameClient_IsRejected()
    {
        var coordinator = Create(TwoClients with { MinClients = 2 });
        var (a, _) = StartedWithTwoClients(coordinator);
        coordinator.Push(a, Update(1, 1f, 10));

        var rejection = Assert.Throws<UpdateRejectedException>(() => coordinator.Push(a, Update(1, 9f, 10)));

        Assert.Equal("round", rejection.Field);
    }

    [Fact]
    public void Tick_ParticipantSilentPastTheHeartbeatTimeout_ClosesTheRoundWithTheOthersUpdates()
    {
        var coordinator = Create(TwoClients with { MinClients = 3 });
        var a = coordinator.Register("a").ClientId;
        var b = coordinator.Register("b").ClientId;
        var c = coordinator.Register("c").ClientId;
        coordinator.Pull(a);
        coordinator.Push(a, new UpdateRequest(0, 0, ModelPayload.From(Initial()), null));
        foreach (var id in new[] { a, b, c }) Assert.Equal(TaskKind.Fit, coordinator.Pull(id)!.Kind);

        // c took its task and went silent mid-round; a and b keep beating.
        coordinator.Push(a, Update(1, 1f, 10));
        coordinator.Push(b, Update(1, 3f, 10));
        _time.Advance(TimeSpan.FromSeconds(6));
        coordinator.Heartbeat(a);
        coordinator.Heartbeat(b);
        coordinator.Tick();
        Assert.Equal(1, coordinator.Status().OpenRound);
        _time.Advance(TimeSpan.FromSeconds(6));
        coordinator.Heartbeat(a);
        coordinator.Heartbeat(b);
        coordinator.Tick();

        Assert.DoesNotContain(c, coordinator.Status().Clients);
        var round1 = FederatedModelFile.Load(new CoordinatorStore(_directory.Path).GlobalPath(1));
        Assert.All(round1.Tensors, t => Assert.All(t.Data, v => Assert.Equal(2f, v)));
        Assert.Null(coordinator.Pull(c));
    }

    [Fact]
    public void Tick_RoundTimeoutPassed_ClosesWithTheUpdatesItHasAndARoundWithoutUpdatesRunsAgain()
    {
        var coordinator = Create(TwoClients with { RoundTimeout = TimeSpan.FromSeconds(5), HeartbeatTimeout = TimeSpan.FromMinutes(1) });
        var (a, b) = StartedWithTwoClients(coordinator);

        _time.Advance(TimeSpan.FromSeconds(6));
        coordinator.Tick();
        Assert.Equal(0, coordinator.Status().GlobalRound);
        Assert.Equal(1, coordinator.Status().OpenRound);

        coordinator.Push(b, Update(1, 7f, 10));
        _time.Advance(TimeSpan.FromSeconds(6));
        coordinator.Tick();

        Assert.Equal(1, coordinator.Status().GlobalRound);
        Assert.Equal(2, coordinator.Pull(a)!.Round);
    }

    [Fact]
    public void Pull_FedProx_SendsMuAndFedAvgDoesNot()
    {
        var fedProx = Create(TwoClients with { Strategy = FederatedStrategy.FedProx, ProximalMu = 0.05f });
        var (a, _) = StartedWithTwoClients(fedProx);
        Assert.Equal(0.05f, fedProx.Pull(a)!.ProximalMu);

        using var other = new TemporaryDirectory();
        var fedAvg = new Coordinator(TwoClients, new CoordinatorStore(other.Path), _time, TextWriter.Null);
        var (c, _) = StartedWithTwoClients(fedAvg);
        Assert.Equal(0f, fedAvg.Pull(c)!.ProximalMu);
    }

    [Fact]
    public void Constructor_AfterARestart_ResumesFromTheLastPersistedRoundAndFedAdamState()
    {
        var options = TwoClients with { Rounds = 3, Strategy = FederatedStrategy.FedAdam };
        var first = Create(options);
        var (a, b) = StartedWithTwoClients(first);
        first.Push(a, Update(1, 1f, 10));
        first.Push(b, Update(1, 1f, 10));
        first.Push(a, Update(2, 2f, 10));
        var roundOne = FederatedModelFile.Load(new CoordinatorStore(_directory.Path).GlobalPath(1));

        // The coordinator goes down with round 2 half done; clients come back and register again.
        var restarted = Create(options);
        Assert.Null(restarted.Pull(a));
        var c = restarted.Register("a").ClientId;
        var d = restarted.Register("b").ClientId;
        var task = restarted.Pull(c)!;
        Assert.Equal((TaskKind.Fit, 2), (task.Kind, task.Round));
        Assert.Equal(roundOne.Tensors[0].Data, task.Model!.ToModel("model").Tensors[0].Data);

        // Both continue the same FedAdam moments: the same updates give the same round-2 model.
        using var reference = new TemporaryDirectory();
        var uninterrupted = new Coordinator(options, new CoordinatorStore(reference.Path), _time, TextWriter.Null);
        var (e, f) = StartedWithTwoClients(uninterrupted);
        uninterrupted.Push(e, Update(1, 1f, 10));
        uninterrupted.Push(f, Update(1, 1f, 10));
        foreach (var (coordinator, x, y) in new[] { (restarted, c, d), (uninterrupted, e, f) })
        {
            coordinator.Push(x, Update(2, 2f, 10));
            coordinator.Push(y, Update(2, 2f, 10));
        }

        Assert.Equal(
            FederatedModelFile.Load(new CoordinatorStore(reference.Path).GlobalPath(2)).Tensors[0].Data,
            FederatedModelFile.Load(new CoordinatorStore(_directory.Path).GlobalPath(2)).Tensors[0].Data);
    }

    private static UpdateRequest Malformed(string malformation) => malformation switch
    {
        "wrong_round" => Update(2, 1f, 10),
        "wrong_shape" => Raw([new NamedTensor("w", [4], [1, 1, 1, 1]), new NamedTensor("b", [2], [1, 1])], new RunningMeanStd(2)),
        "wrong_name" => Raw([new NamedTensor("w", [2, 2], [1, 1, 1, 1]), new NamedTensor("bias", [2], [1, 1])], new RunningMeanStd(2)),
        "missing_tensor" => Raw([new NamedTensor("w", [2, 2], [1, 1, 1, 1])], new RunningMeanStd(2)),
        "nan" => Raw(Model([1, float.NaN, 1, 1], [1, 1]).Tensors, new RunningMeanStd(2)),
        "infinity" => Raw(Model([1, 1, 1, 1], [float.PositiveInfinity, 1]).Tensors, new RunningMeanStd(2)),
        "short_data" => new UpdateRequest(1, 10, new ModelPayload(
            [new TensorPayload("w", [2, 2], Convert.ToBase64String(new byte[12])), new TensorPayload("b", [2], Convert.ToBase64String(new byte[8]))],
            null, new StatisticsPayload([0, 0], [1, 1], 1)), null),
        "statistics_size" => Raw(Model([1, 1, 1, 1], [1, 1]).Tensors, new RunningMeanStd(3)),
        "negative_variance" => Raw(Model([1, 1, 1, 1], [1, 1]).Tensors, new RunningMeanStd([0, 0], [1, -1], 5)),
        "no_examples" => Update(1, 1f, 0),
        "nan_metric" => Update(1, 1f, 10, metrics: new() { ["eval/mean_reward"] = double.NaN }),
        "no_model" => new UpdateRequest(1, 10, null, null),
        _ => throw new ArgumentOutOfRangeException(nameof(malformation)),
    };

    private static UpdateRequest Raw(IReadOnlyList<NamedTensor> tensors, RunningMeanStd statistics) =>
        new(1, 10, ModelPayload.From(new FederatedModel(tensors, new Dictionary<string, string>(), statistics)), null);

    private Coordinator Create(CoordinatorOptions options) => new(options, new CoordinatorStore(_directory.Path), _time, TextWriter.Null);

    /// <summary>Two registered clients, the first of which sent the initial model; round 1 is open.</summary>
    private static (string A, string B) StartedWithTwoClients(Coordinator coordinator)
    {
        var a = coordinator.Register("a").ClientId;
        var b = coordinator.Register("b").ClientId;
        var initialize = coordinator.Pull(a)!;
        Assert.Equal((TaskKind.Initialize, coordinator.Options.Seed), (initialize.Kind, initialize.Seed));
        Assert.Equal(TaskKind.Wait, coordinator.Pull(b)!.Kind);
        coordinator.Push(a, new UpdateRequest(0, 0, ModelPayload.From(Initial()), null));
        Assert.Equal(1, coordinator.Status().OpenRound);
        return (a, b);
    }
}
