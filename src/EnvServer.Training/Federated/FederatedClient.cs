using System.Net;
using System.Net.Http.Json;

namespace EnvServer.Training.Federated;

/// <summary>
/// A client's side of the pull protocol: register, send heartbeats in the background, pull tasks, run them with the
/// local trainer, push updates. An unknown-client answer (the coordinator restarted or declared it gone) means
/// registering again; an unreachable coordinator is retried for <see cref="ReconnectTimeout"/>.
/// </summary>
internal sealed class FederatedClient(HttpClient http, Uri coordinator, string name, IFederatedTrainer trainer, TextWriter log)
{
    private volatile string? _clientId;

    /// <summary>How long to keep retrying an unreachable coordinator. Default 5 minutes.</summary>
    public TimeSpan ReconnectTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Runs tasks until the coordinator says the federation is finished.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        using var stopHeartbeats = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task? heartbeats = null;
        var rejectedRound = -1;
        try
        {
            while (true)
            {
                if (_clientId is null)
                {
                    var registration = await RetryAsync(() => RegisterAsync(ct), ct);
                    _clientId = registration.ClientId;
                    log.WriteLine($"{name}: registered as {_clientId}");
                    heartbeats ??= HeartbeatAsync(TimeSpan.FromSeconds(registration.HeartbeatIntervalSeconds), stopHeartbeats.Token);
                }

                var task = await RetryAsync(() => PullAsync(_clientId, ct), ct);
                if (task is null)
                {
                    _clientId = null;
                    continue;
                }

                if (task.Kind == TaskKind.Finished)
                {
                    log.WriteLine($"{name}: federation finished after round {task.Round}");
                    return;
                }

                if (task.Kind == TaskKind.Wait || task.Round == rejectedRound)
                {
                    await Task.Delay(TimeSpan.FromSeconds(task.RetryAfterSeconds), ct);
                    continue;
                }

                var update = await RunTaskAsync(task, ct);
                using var answer = await RetryAsync(() => PushAsync(_clientId, update, ct), ct);
                if (answer.StatusCode == HttpStatusCode.NotFound) _clientId = null;
                if (answer.StatusCode == HttpStatusCode.UnprocessableEntity)
                {
                    rejectedRound = task.Round;
                    log.WriteLine($"{name}: update for round {task.Round} rejected: {await answer.Content.ReadAsStringAsync(ct)}");
                }
            }
        }
        finally
        {
            await stopHeartbeats.CancelAsync();
            if (heartbeats is not null) await heartbeats;
        }
    }

    private async Task<UpdateRequest> RunTaskAsync(TaskResponse task, CancellationToken ct)
    {
        if (task.Kind == TaskKind.Initialize)
        {
            log.WriteLine($"{name}: initialising the global model");
            return new UpdateRequest(0, 0, ModelPayload.From(await trainer.InitializeAsync(task.Seed, ct)), null);
        }

        var global = (task.Model ?? throw new InvalidDataException($"The coordinator sent a {task.Kind} task without a model.")).ToModel("model");
        var evaluation = await trainer.EvaluateAsync(global, ct);
        if (task.Kind == TaskKind.Evaluate)
        {
            log.WriteLine($"{name}: evaluated the final model: {Describe(evaluation.Metrics)}");
            return new UpdateRequest(task.Round, evaluation.NumExamples, null, new Dictionary<string, double>(evaluation.Metrics));
        }

        log.WriteLine($"{name}: round {task.Round}/{task.Rounds}: global model of round {task.Round - 1}: {Describe(evaluation.Metrics)}; training" +
            (task.ProximalMu > 0 ? $" with proximal μ {task.ProximalMu}" : ""));
        var fit = await trainer.FitAsync(global, new FitTask(task.Round, task.Rounds, task.ProximalMu), ct);
        var metrics = new Dictionary<string, double>(fit.Metrics);
        foreach (var (key, value) in evaluation.Metrics) metrics[key] = value;
        return new UpdateRequest(task.Round, fit.NumExamples, ModelPayload.From(fit.Model), metrics);
    }

    private static string Describe(IReadOnlyDictionary<string, double> metrics) =>
        string.Join(", ", metrics.Select(m => FormattableString.Invariant($"{m.Key}={m.Value:G6}")));

    private async Task<RegisterResponse> RegisterAsync(CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync(new Uri(coordinator, "federated/clients"), new RegisterRequest(name), FederatedJson.Options, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<RegisterResponse>(FederatedJson.Options, ct))!;
    }

    /// <returns>Null when the coordinator does not know this client.</returns>
    private async Task<TaskResponse?> PullAsync(string clientId, CancellationToken ct)
    {
        using var response = await http.GetAsync(new Uri(coordinator, $"federated/clients/{clientId}/task"), ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<TaskResponse>(FederatedJson.Options, ct);
    }

    private async Task<HttpResponseMessage> PushAsync(string clientId, UpdateRequest update, CancellationToken ct)
    {
        var response = await http.PostAsJsonAsync(new Uri(coordinator, $"federated/clients/{clientId}/updates"), update, FederatedJson.Options, ct);
        if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity) return response;
        using (response) response.EnsureSuccessStatusCode();
        throw new HttpRequestException($"Unexpected answer {response.StatusCode} to an update.");
    }

    private async Task HeartbeatAsync(TimeSpan interval, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                if (_clientId is not { } id) continue;
                try
                {
                    using var response = await http.PostAsync(new Uri(coordinator, $"federated/clients/{id}/heartbeat"), null, ct);
                }
                catch (HttpRequestException)
                {
                    // The pull loop notices an unreachable coordinator and retries; a missed beat is harmless.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The client is done.
        }
    }

    /// <summary>Retries calls that fail to reach the coordinator (it may be restarting) until <see cref="ReconnectTimeout"/>.</summary>
    private async Task<T> RetryAsync<T>(Func<Task<T>> call, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + ReconnectTimeout;
        while (true)
        {
            try
            {
                return await call();
            }
            catch (HttpRequestException error) when (DateTimeOffset.UtcNow < deadline)
            {
                log.WriteLine($"{name}: coordinator unreachable ({error.Message}); retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
    }
}
