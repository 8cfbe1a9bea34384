using System.Globalization;

namespace EnvServer.Training.Federated;

/// <summary>
/// The federated rounds, as Flower's server runs them but driven by the clients' pulls, so hospitals only make
/// outbound calls. Clients register and send heartbeats; the first to pull while there is no global model initialises
/// it (round 0). A round opens once <see cref="CoordinatorOptions.MinClients"/> clients are live, and every live
/// client takes part: it pulls the fit task (global weights and μ), trains, and pushes its weights, example count and
/// metrics. The round closes when every participant has pushed or dropped out (no heartbeat for
/// <see cref="CoordinatorOptions.HeartbeatTimeout"/>), or at <see cref="CoordinatorOptions.RoundTimeout"/>; its accepted
/// updates are aggregated and the global model persisted. A round without any update is run again. After the last
/// round one evaluate round collects the final model's metrics. Updates for another round, from a client not in the
/// round, or malformed (<see cref="UpdateValidator"/>) are rejected and logged, never aggregated.
/// </summary>
internal sealed class Coordinator
{
    private readonly object _gate = new();
    private readonly CoordinatorOptions _options;
    private readonly CoordinatorStore _store;
    private readonly TimeProvider _time;
    private readonly TextWriter _log;
    private readonly IAggregationStrategy _strategy;
    private readonly DifferentialPrivacy? _privacy;
    private readonly Dictionary<string, Client> _clients = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private FederatedModel? _global;
    private int _globalRound = -1;
    private Round? _round;
    private string? _initializer;
    private int _registrations;

    public Coordinator(CoordinatorOptions options, CoordinatorStore store, TimeProvider time, TextWriter log)
    {
        _options = options;
        _store = store;
        _time = time;
        _log = log;
        _strategy = options.Strategy == FederatedStrategy.FedAdam ? new FedAdam(options.FedAdam) : new FedAvg();
        _privacy = options.Privacy is { } privacy ? new DifferentialPrivacy(privacy, options.Seed) : null;
        if (store.Latest() is { } latest)
        {
            (_global, _globalRound) = (latest.Model, latest.Round);
            (_strategy as FedAdam)?.Restore(store.LoadStrategyState(latest.Round));
            log.WriteLine($"coordinator: resuming from {store.GlobalPath(latest.Round)} (round {latest.Round} of {options.Rounds})");
        }
    }

    /// <summary>Completes when the final evaluation round has closed.</summary>
    public Task Finished => _finished.Task;

    public CoordinatorOptions Options => _options;

    public RegisterResponse Register(string? name)
    {
        lock (_gate)
        {
            var label = string.IsNullOrWhiteSpace(name) ? "client" : name.Trim();
            var id = string.Create(CultureInfo.InvariantCulture, $"{label}-{++_registrations}");
            _clients[id] = new Client(id, label) { LastSeen = _time.GetUtcNow() };
            _log.WriteLine($"coordinator: {id} registered ({_clients.Count} live)");
            TickLocked();
            return new RegisterResponse(id, _options.HeartbeatInterval.TotalSeconds);
        }
    }

    /// <returns>False for a client the coordinator does not know (dropped out, or registered before a restart).</returns>
    public bool Heartbeat(string clientId)
    {
        lock (_gate)
        {
            TickLocked();
            return Touch(clientId) is not null;
        }
    }

    /// <returns>The client's task; null for an unknown client.</returns>
    public TaskResponse? Pull(string clientId)
    {
        lock (_gate)
        {
            TickLocked();
            if (Touch(clientId) is not { } client) return null;
            var retry = _options.RetryAfter.TotalSeconds;
            if (_finished.Task.IsCompleted)
            {
                client.Released = true;
                return new TaskResponse(TaskKind.Finished, _globalRound, _options.Rounds, retry);
            }

            if (_global is null)
            {
                if (_initializer is null || !_clients.ContainsKey(_initializer)) _initializer = clientId;
                return new TaskResponse(_initializer == clientId ? TaskKind.Initialize : TaskKind.Wait, 0, _options.Rounds, retry, Seed: _options.Seed);
            }

            if (_round is null || !_round.Participants.Contains(clientId) || _round.Updates.ContainsKey(clientId))
                return new TaskResponse(TaskKind.Wait, _globalRound + 1, _options.Rounds, retry);

            var mu = _round.Kind == TaskKind.Fit && _options.Strategy == FederatedStrategy.FedProx ? _options.ProximalMu : 0f;
            return new TaskResponse(_round.Kind, _round.Number, _options.Rounds, retry, ModelPayload.From(_global), mu);
        }
    }

    /// <summary>Accepts an update into the open round.</summary>
    /// <returns>False for an unknown client.</returns>
    /// <exception cref="UpdateRejectedException">The update does not belong to the open round or is malformed; it is logged.</exception>
    public bool Push(string clientId, UpdateRequest update)
    {
        lock (_gate)
        {
            TickLocked();
            if (Touch(clientId) is not { } client) return false;
            try
            {
                Accept(client, update);
            }
            catch (UpdateRejectedException rejection)
            {
                _store.WriteRejection(update.Round, clientId, rejection.Field, rejection.Message);
                _log.WriteLine($"coordinator: rejected {clientId}'s update for round {update.Round}: {rejection.Field}: {rejection.Message}");
                throw;
            }

            TickLocked();
            return true;
        }
    }

    /// <summary>Drops silent clients, closes a round that is complete or past its deadline, and opens the next one.</summary>
    public void Tick()
    {
        lock (_gate) TickLocked();
    }

    public CoordinatorStatus Status()
    {
        lock (_gate)
        {
            TickLocked();
            var phase = _finished.Task.IsCompleted ? "finished" : _global is null ? "initializing" : _round?.Kind ?? "waiting_for_clients";
            return new CoordinatorStatus(
                phase, _globalRound, _options.Rounds, _options.Strategy.ToString().ToLowerInvariant(), _round?.Number,
                _round?.Participants.Order().ToArray() ?? [], _round?.Updates.Keys.Order().ToArray() ?? [], _clients.Keys.Order().ToArray());
        }
    }

    /// <summary>True once every live client has been told the federation is finished.</summary>
    public bool AllClientsReleased()
    {
        lock (_gate) return _finished.Task.IsCompleted && _clients.Values.All(c => c.Released);
    }

    private Client? Touch(string clientId)
    {
        if (!_clients.TryGetValue(clientId, out var client)) return null;
        client.LastSeen = _time.GetUtcNow();
        return client;
    }

    private void Accept(Client client, UpdateRequest update)
    {
        if (_global is null)
        {
            if (client.Id != _initializer || update.Round != 0)
                throw new UpdateRejectedException("round", "There is no global model yet; only the client asked to initialise it may push, as round 0.");
            var initial = UpdateValidator.CheckModel(update.Model, null);
            (_global, _globalRound) = (initial, 0);
            _store.SaveGlobal(0, initial, _options.Strategy);
            _log.WriteLine($"coordinator: round 0: initial model from {client.Id} ({initial.Tensors.Sum(t => t.Data.Length)} weights in {initial.Tensors.Count} tensors)");
            return;
        }

        if (_round is null) throw new UpdateRejectedException("round", $"No round is open; round {update.Round} cannot take updates.");
        if (update.Round != _round.Number) throw new UpdateRejectedException("round", $"Round {update.Round} is not the open round {_round.Number}.");
        if (!_round.Participants.Contains(client.Id)) throw new UpdateRejectedException("round", $"{client.Id} does not take part in round {_round.Number}.");
        if (_round.Updates.ContainsKey(client.Id)) throw new UpdateRejectedException("round", $"{client.Id} already pushed its update for round {_round.Number}.");

        UpdateValidator.CheckExamples(update.NumExamples);
        UpdateValidator.CheckMetrics(update.Metrics);
        var model = _round.Kind == TaskKind.Fit ? UpdateValidator.CheckModel(update.Model, _global) : null;
        _round.Updates[client.Id] = new Accepted(client.Name, model, update.NumExamples, update.Metrics ?? []);
    }

    private void TickLocked()
    {
        var now = _time.GetUtcNow();
        foreach (var client in _clients.Values.Where(c => now - c.LastSeen > _options.HeartbeatTimeout).ToArray())
        {
            _clients.Remove(client.Id);
            _log.WriteLine($"coordinator: {client.Id} dropped out (no heartbeat for {_options.HeartbeatTimeout.TotalSeconds:0.#} s)");
        }

        if (_round is not null && (now >= _round.Deadline || _round.Participants.All(id => _round.Updates.ContainsKey(id) || !_clients.ContainsKey(id))))
        {
            Close(_round);
            _round = null;
        }

        if (_round is null && _global is not null && !_finished.Task.IsCompleted && _clients.Count >= _options.MinClients)
        {
            var kind = _globalRound < _options.Rounds ? TaskKind.Fit : TaskKind.Evaluate;
            var number = kind == TaskKind.Fit ? _globalRound + 1 : _globalRound;
            _round = new Round(number, kind, [.. _clients.Keys], now + _options.RoundTimeout);
            _log.WriteLine($"coordinator: round {number} ({kind}) opened for {string.Join(", ", _round.Participants.Order())}");
        }
    }

    private void Close(Round round)
    {
        // In client-name order, not arrival order: floating-point sums then do not depend on which hospital finished first,
        // so a federation of deterministic clients is reproducible.
        var accepted = round.Updates.OrderBy(u => u.Value.Name, StringComparer.Ordinal).ThenBy(u => u.Key, StringComparer.Ordinal).Select(u => u.Value).ToArray();
        var missing = round.Participants.Where(id => !round.Updates.ContainsKey(id)).Order().ToArray();
        var absent = missing.Length > 0 ? $"; no update from {string.Join(", ", missing)}" : "";
        if (round.Kind == TaskKind.Fit && accepted.Length == 0)
        {
            _log.WriteLine($"coordinator: round {round.Number} closed without updates{absent}; it will run again");
            return;
        }

        if (round.Kind == TaskKind.Fit) Aggregate(round.Number, accepted);
        WriteMetrics(round, accepted);
        _store.WriteMetric(round.Number, "global", "clients", accepted.Length);
        var summary = Summaries(accepted).Where(m => m.Name.StartsWith("eval/", StringComparison.Ordinal))
            .Select(m => string.Create(CultureInfo.InvariantCulture, $" {m.Name}={m.Value:G6}"));
        var model = round.Kind == TaskKind.Fit ? $"model of round {round.Number - 1}" : $"final model (round {round.Number})";
        _log.WriteLine($"coordinator: round {round.Number}/{_options.Rounds} ({round.Kind}) closed with {accepted.Length} of {round.Participants.Count} updates{absent}; {model}:{string.Concat(summary)}");
        if (round.Kind == TaskKind.Evaluate) _finished.TrySetResult();
    }

    private void Aggregate(int number, Accepted[] accepted)
    {
        var global = _global!;
        var globalValues = global.Values;
        var updates = accepted.Select(a => new WeightedWeights(a.Model!.Values, a.NumExamples)).ToArray();
        var clipped = 0;
        if (_privacy is not null)
        {
            for (var i = 0; i < updates.Length; i++)
            {
                var (weights, wasClipped) = _privacy.Clip(globalValues, updates[i].Weights);
                updates[i] = updates[i] with { Weights = weights };
                clipped += wasClipped ? 1 : 0;
            }
        }

        var next = _strategy.Aggregate(globalValues, updates);
        if (_privacy is not null)
        {
            var std = _privacy.AddNoise(next, updates.Length);
            _store.WriteMetric(number, "global", "dp/clipping_norm", _privacy.Options.ClippingNorm);
            _store.WriteMetric(number, "global", "dp/noise_multiplier", _privacy.Options.NoiseMultiplier);
            _store.WriteMetric(number, "global", "dp/noise_std", std);
            _store.WriteMetric(number, "global", "dp/clipped_updates", clipped);
        }

        var statistics = global.Statistics is null ? null : ObservationStatistics.Merge(global.Statistics, accepted.Select(a => a.Model!.Statistics!));
        (_global, _globalRound) = (global.WithValues(next, statistics), number);
        _store.SaveGlobal(number, _global, _options.Strategy);
        if (_strategy is FedAdam adam) _store.SaveStrategyState(number, adam.State());
    }

    /// <summary>Per client and aggregated (means weighted by examples); a fit round's eval/ metrics describe the model it started from.</summary>
    private void WriteMetrics(Round round, Accepted[] accepted)
    {
        int RoundOf(string name) => round.Kind == TaskKind.Fit && name.StartsWith("eval/", StringComparison.Ordinal) ? round.Number - 1 : round.Number;
        foreach (var update in accepted)
        {
            _store.WriteMetric(round.Number, update.Name, "num_examples", update.NumExamples);
            foreach (var (name, value) in update.Metrics) _store.WriteMetric(RoundOf(name), update.Name, name, value);
        }

        foreach (var (name, value) in Summaries(accepted)) _store.WriteMetric(RoundOf(name), "global", name, value);
    }

    private static IEnumerable<(string Name, double Value)> Summaries(Accepted[] accepted) =>
        accepted.SelectMany(a => a.Metrics.Select(m => (m.Key, m.Value, Weight: (double)a.NumExamples)))
            .GroupBy(m => m.Key, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Sum(m => m.Value * m.Weight) / g.Sum(m => m.Weight)));

    private sealed class Client(string id, string name)
    {
        public string Id { get; } = id;

        public string Name { get; } = name;

        public DateTimeOffset LastSeen { get; set; }

        public bool Released { get; set; }
    }

    private sealed class Round(int number, string kind, HashSet<string> participants, DateTimeOffset deadline)
    {
        public int Number { get; } = number;

        public string Kind { get; } = kind;

        public HashSet<string> Participants { get; } = participants;

        public DateTimeOffset Deadline { get; } = deadline;

        public Dictionary<string, Accepted> Updates { get; } = new(StringComparer.Ordinal);
    }

    private sealed record Accepted(string Name, FederatedModel? Model, long NumExamples, IReadOnlyDictionary<string, double> Metrics);
}

/// <summary>GET /federated/status.</summary>
internal sealed record CoordinatorStatus(
    string Phase, int GlobalRound, int Rounds, string Strategy, int? OpenRound, string[] Participants, string[] Pushed, string[] Clients);
