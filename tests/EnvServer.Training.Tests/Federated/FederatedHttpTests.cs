using System.Net;
using System.Net.Http.Json;
using System.Text;
using EnvServer.Training.Federated;
using EnvServer.Training.Federated.RiskClassifier;

namespace EnvServer.Training.Tests.Federated;

/// <summary>Coordinator and clients over real HTTP on loopback, with the seed-001 risk classifier as the local learner.</summary>
public sealed class FederatedHttpTests : IDisposable
{
    private static readonly CoordinatorOptions Fast = new()
    {
        MinClients = 3,
        HeartbeatInterval = TimeSpan.FromMilliseconds(100),
        HeartbeatTimeout = TimeSpan.FromSeconds(2),
        RetryAfter = TimeSpan.FromMilliseconds(50),
    };

    private readonly TemporaryDirectory _directory = new();
    private readonly HttpClient _http = new();

    public void Dispose()
    {
        _http.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task RunAsync_ThreeHospitalsWithFedProx_FinishAndImproveThePooledAuc()
    {
        await using var server = await StartAsync(Fast with { Rounds = 4, Strategy = FederatedStrategy.FedProx, ProximalMu = 0.01f });
        var clients = Enumerable.Range(0, 3).Select(k => Client(server, k, Risk(k))).ToArray();

        await Task.WhenAll(clients.Select(c => c.RunAsync(CancellationToken.None))).WaitAsync(TimeSpan.FromMinutes(2));

        var store = new CoordinatorStore(_directory.Path);
        var test = ClinicalRecords.Pooled(3, 1000, seed: 99);
        using var initial = RiskMlp.FromModel(FederatedModelFile.Load(store.GlobalPath(0)));
        using var final = RiskMlp.FromModel(FederatedModelFile.Load(store.GlobalPath(4)));
        var before = RiskClassifierTrainer.Evaluate(initial, test)["eval/auc"];
        var after = RiskClassifierTrainer.Evaluate(final, test)["eval/auc"];
        Assert.True(after > before + 0.1, $"pooled AUC {before:0.000} before, {after:0.000} after 4 rounds");
        Assert.True(server.Coordinator.Finished.IsCompleted);
        Assert.Contains("4,global,eval/auc,", await File.ReadAllTextAsync(Path.Combine(_directory.Path, "rounds.csv")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SameSeedsTwice_GiveByteIdenticalGlobalModels()
    {
        using var again = new TemporaryDirectory();

        async Task<byte[]> FederateAsync(string directory)
        {
            await using var server = await StartAsync(Fast with { Rounds = 2, Strategy = FederatedStrategy.FedProx, ProximalMu = 0.01f }, directory: directory);
            await Task.WhenAll(Enumerable.Range(0, 3).Select(k => Client(server, k, Risk(k)).RunAsync(CancellationToken.None))).WaitAsync(TimeSpan.FromMinutes(2));
            return await File.ReadAllBytesAsync(new CoordinatorStore(directory).GlobalPath(2));
        }

        var first = await FederateAsync(_directory.Path);
        var second = await FederateAsync(again.Path);

        Assert.Equal(first, second);
        var initial = await File.ReadAllBytesAsync(new CoordinatorStore(_directory.Path).GlobalPath(0));
        Assert.NotEqual(initial, first);
    }

    [Fact]
    public async Task RunAsync_OneClientKilledMidRound_TheRoundCompletesWithTheOtherTwo()
    {
        await using var server = await StartAsync(Fast with { Rounds = 1 });
        var stalled = new StallingTrainer(Risk(2));
        using var kill = new CancellationTokenSource();
        using var stop = new CancellationTokenSource();
        var healthy = new[] { Client(server, 0, Risk(0)).RunAsync(stop.Token), Client(server, 1, Risk(1)).RunAsync(stop.Token) };
        var victim = Client(server, 2, stalled).RunAsync(kill.Token);

        await stalled.Training.WaitAsync(TimeSpan.FromMinutes(1));
        await kill.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => victim);
        while (server.Coordinator.Status().GlobalRound < 1) await Task.Delay(50);
        await stop.CancelAsync();
        await Task.WhenAll(healthy.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));

        var rows = await File.ReadAllLinesAsync(Path.Combine(_directory.Path, "rounds.csv"));
        Assert.Contains(rows, r => r.StartsWith("1,global,clients,2,", StringComparison.Ordinal));
        Assert.Equal(2, rows.Count(r => r.StartsWith("1,", StringComparison.Ordinal) && r.Contains(",num_examples,", StringComparison.Ordinal)));
        Assert.True(File.Exists(new CoordinatorStore(_directory.Path).GlobalPath(1)));
    }

    [Fact]
    public async Task RunAsync_CoordinatorRestartedMidRound_ClientsRejoinAndItResumesFromTheLastPersistedRound()
    {
        var options = Fast with { Rounds = 3 };
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gated = Enumerable.Range(0, 3).Select(k => new GatedTrainer(Risk(k), gate.Task)).ToArray();
        var first = await StartAsync(options, TextWriter.Null);
        var url = first.Url;
        var runs = gated.Select((trainer, k) => Client(first, k, trainer).RunAsync(CancellationToken.None)).ToArray();

        // All three are training round 2 when the coordinator goes down; round 1 is on disk.
        await Task.WhenAll(gated.Select(g => g.InRoundTwo)).WaitAsync(TimeSpan.FromMinutes(1));
        await first.DisposeAsync();
        var initial = await File.ReadAllBytesAsync(new CoordinatorStore(_directory.Path).GlobalPath(0));
        var log = new StringWriter();
        await using var second = await StartAsync(options, TextWriter.Synchronized(log), url.ToString());
        gate.SetResult();
        await Task.WhenAll(runs).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(second.Coordinator.Finished.IsCompleted);
        Assert.Contains("(round 1 of 3)", log.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("initial model", log.ToString(), StringComparison.Ordinal);
        Assert.Equal(initial, await File.ReadAllBytesAsync(new CoordinatorStore(_directory.Path).GlobalPath(0)));
        Assert.True(File.Exists(new CoordinatorStore(_directory.Path).GlobalPath(3)));
    }

    [Fact]
    public async Task Updates_NaNWeightOrUnknownClient_Get422NamingTheFieldOr404()
    {
        await using var server = await StartAsync(Fast with { MinClients = 1 });
        var register = await _http.PostAsJsonAsync(new Uri(server.Url, "federated/clients"), new { name = "h" });
        var id = (await register.Content.ReadFromJsonAsync<RegisterResponse>(FederatedJson.Options))!.ClientId;
        await _http.GetAsync(new Uri(server.Url, $"federated/clients/{id}/task"));
        await Post(server, id, "{\"round\":0,\"num_examples\":0,\"model\":" + ModelJson(0f) + "}");
        Assert.Equal(1, server.Coordinator.Status().OpenRound);

        using var nan = await Post(server, id, "{\"round\":1,\"num_examples\":5,\"model\":" + ModelJson(float.NaN) + "}");
        using var badJson = await Post(server, id, "{\"round\":\"one\"}");
        using var unknown = await Post(server, "nobody-9", "{\"round\":1,\"num_examples\":5,\"model\":" + ModelJson(1f) + "}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, nan.StatusCode);
        Assert.Equal("model.tensors[0].data", (await nan.Content.ReadFromJsonAsync<RejectionResponse>(FederatedJson.Options))!.Field);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badJson.StatusCode);
        Assert.Equal("round", (await badJson.Content.ReadFromJsonAsync<RejectionResponse>(FederatedJson.Options))!.Field);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(0, server.Coordinator.Status().GlobalRound);
    }

    private static RiskClientOptions Risk(int hospital) => new() { Hospital = hospital, Hospitals = 3, Samples = 1500, LocalEpochs = 2, LearningRate = 3e-3f };

    private static string ModelJson(float value) =>
        System.Text.Json.JsonSerializer.Serialize(ModelPayload.From(FederatedTestData.Model([value, 0, 0, 0], [0, 0], new Training.Networks.RunningMeanStd(2))), FederatedJson.Options);

    private Task<HttpResponseMessage> Post(CoordinatorServer server, string id, string json) =>
        _http.PostAsync(new Uri(server.Url, $"federated/clients/{id}/updates"), new StringContent(json, Encoding.UTF8, "application/json"));

    private Task<CoordinatorServer> StartAsync(CoordinatorOptions options, TextWriter? log = null, string url = "http://127.0.0.1:0", string? directory = null) =>
        CoordinatorServer.StartAsync(new Coordinator(options, new CoordinatorStore(directory ?? _directory.Path), TimeProvider.System, log ?? TextWriter.Null), url);

    private FederatedClient Client(CoordinatorServer server, int hospital, IFederatedTrainer trainer) =>
        new(_http, server.Url, $"hospital_{hospital}", trainer, TextWriter.Null);

    private FederatedClient Client(CoordinatorServer server, int hospital, RiskClientOptions options) =>
        Client(server, hospital, new RiskClassifierTrainer(options));

    /// <summary>A hospital whose local training never ends: it is killed while the round waits for it.</summary>
    private sealed class StallingTrainer(RiskClientOptions options) : IFederatedTrainer
    {
        private readonly RiskClassifierTrainer _inner = new(options);
        private readonly TaskCompletionSource _training = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Training => _training.Task;

        public Task<FederatedModel> InitializeAsync(int seed, CancellationToken ct) => _inner.InitializeAsync(seed, ct);

        public async Task<LocalFit> FitAsync(FederatedModel global, FitTask task, CancellationToken ct)
        {
            _training.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("Unreachable: the delay only ends by cancellation.");
        }

        public Task<LocalEvaluation> EvaluateAsync(FederatedModel global, CancellationToken ct) => _inner.EvaluateAsync(global, ct);
    }

    /// <summary>A hospital that holds round 2's training until the gate opens.</summary>
    private sealed class GatedTrainer(RiskClientOptions options, Task gate) : IFederatedTrainer
    {
        private readonly RiskClassifierTrainer _inner = new(options);
        private readonly TaskCompletionSource _inRoundTwo = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task InRoundTwo => _inRoundTwo.Task;

        public Task<FederatedModel> InitializeAsync(int seed, CancellationToken ct) => _inner.InitializeAsync(seed, ct);

        public async Task<LocalFit> FitAsync(FederatedModel global, FitTask task, CancellationToken ct)
        {
            if (task.Round == 2)
            {
                _inRoundTwo.TrySetResult();
                await gate.WaitAsync(ct);
            }

            return await _inner.FitAsync(global, task, ct);
        }

        public Task<LocalEvaluation> EvaluateAsync(FederatedModel global, CancellationToken ct) => _inner.EvaluateAsync(global, ct);
    }
}
