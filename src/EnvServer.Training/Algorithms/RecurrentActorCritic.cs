using System.Globalization;
using System.Text.Json;
using EnvServer.Training.Checkpoints;
using EnvServer.Training.Networks;
using EnvServer.Training.Rollouts;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EnvServer.Training.Algorithms;

/// <summary>
/// CleanRL's ppo_atari_lstm.py agent for feature vectors: an encoder (<c>network</c>: linear + tanh), one LSTM layer
/// (<c>lstm</c>), and linear actor and critic heads on its output (<c>actor</c>, <c>critic</c>); orthogonal init with
/// CleanRL's gains (√2 encoder, 1 LSTM weights with zero biases, 0.01 actor, 1 critic). Inputs are the observation's
/// features, followed by the step within the episode when <see cref="TimeFeature"/> is set, normalised by running
/// statistics. The LSTM state is zeroed where an episode starts, so memory never crosses an episode boundary.
/// As an <see cref="IPolicy"/> it keeps one LSTM state per session of the vector it plays and resets a session's state
/// when that session is at the first step of an episode.
/// </summary>
internal sealed class RecurrentActorCritic : nn.Module, IPolicy
{
    /// <summary>The checkpoint's <c>policy</c> metadata.</summary>
    public const string PolicyName = "recurrent_actor_critic";

    private readonly Sequential _network;
    private readonly LSTM _lstm;
    private readonly Linear _actor;
    private readonly Linear _critic;

    /// <summary>The LSTM state of each session of the vector last played through <see cref="ChooseActions"/>.</summary>
    private LstmState? _sessions;

    /// <param name="observationSize">Length of the observation's features vector.</param>
    /// <param name="actionSpace">A discrete space without an action mask.</param>
    /// <param name="hiddenSize">Width of the encoder.</param>
    /// <param name="lstmSize">Width of the LSTM state.</param>
    /// <param name="timeFeature">Append the step within the episode to the features.</param>
    /// <param name="generator">Draws the initial weights.</param>
    /// <param name="normalizer">Input statistics to start from (a checkpoint's); fresh ones by default.</param>
    public RecurrentActorCritic(
        int observationSize, ActionSpace actionSpace, int hiddenSize, int lstmSize, bool timeFeature, Generator generator, RunningMeanStd? normalizer = null)
        : base(nameof(RecurrentActorCritic))
    {
        if (!actionSpace.IsDiscrete || actionSpace.Layout is not null)
            throw new NotSupportedException($"ppo-lstm needs a discrete action without an action mask; '{actionSpace.Field}' is not one.");
        ActionSpace = actionSpace;
        ObservationSize = observationSize;
        HiddenSize = hiddenSize;
        LstmSize = lstmSize;
        TimeFeature = timeFeature;
        Normalizer = normalizer ?? new RunningMeanStd(InputSize);
        if (Normalizer.Mean.Length != InputSize) throw new ArgumentException($"The input statistics have {Normalizer.Mean.Length} entries, the inputs {InputSize}.", nameof(normalizer));

        var encoder = nn.Linear(InputSize, hiddenSize);
        _network = nn.Sequential(("0", encoder), ("1", nn.Tanh()));
        _lstm = nn.LSTM(hiddenSize, lstmSize);
        _actor = nn.Linear(lstmSize, actionSpace.Size);
        _critic = nn.Linear(lstmSize, 1);
        register_module("network", _network);
        register_module("lstm", _lstm);
        register_module("actor", _actor);
        register_module("critic", _critic);

        using var noGrad = no_grad();
        foreach (var (name, parameter) in named_parameters())
        {
            if (name.EndsWith("bias", StringComparison.Ordinal) || name.Contains(".bias_", StringComparison.Ordinal)) parameter.zero_();
        }

        Orthogonal(encoder.weight!, Math.Sqrt(2), generator);
        Orthogonal(_lstm.get_parameter("weight_ih_l0")!, 1, generator);
        Orthogonal(_lstm.get_parameter("weight_hh_l0")!, 1, generator);
        Orthogonal(_actor.weight!, 0.01, generator);
        Orthogonal(_critic.weight!, 1, generator);
    }

    public ActionSpace ActionSpace { get; }

    public int ObservationSize { get; }

    public int HiddenSize { get; }

    public int LstmSize { get; }

    public bool TimeFeature { get; }

    /// <summary>Inputs per step: the features, and the step within the episode when <see cref="TimeFeature"/> is set.</summary>
    public int InputSize => ObservationSize + (TimeFeature ? 1 : 0);

    public RunningMeanStd Normalizer { get; }

    /// <summary>The LSTM state of each session after the last <see cref="ChooseActions"/>, [1, sessions, lstm] each.</summary>
    internal LstmState? SessionState => _sessions;

    /// <summary>A zero state for <paramref name="sessions"/> sequences.</summary>
    public LstmState InitialState(int sessions) => new(zeros(1, sessions, LstmSize), zeros(1, sessions, LstmSize));

    /// <summary>The raw (unnormalised) input of one step: the features, then the step within the episode if used.</summary>
    public float[] Input(float[] features, int episodeStep) => TimeFeature ? [.. features, episodeStep] : features;

    /// <summary>The raw inputs of every session's current observation.</summary>
    public float[][] Inputs(EnvironmentVector envs) =>
        Enumerable.Range(0, envs.Count).Select(i => Input(envs.Observations[i], envs.EpisodeStep(i))).ToArray();

    /// <summary>The inputs normalised with the current statistics (which this does not change), as a [rows, inputs] tensor.</summary>
    public Tensor Normalize(IReadOnlyList<float[]> inputs)
    {
        var data = new float[inputs.Count * InputSize];
        for (var i = 0; i < inputs.Count; i++)
        {
            var row = data.AsSpan(i * InputSize, InputSize);
            inputs[i].CopyTo(row);
            Normalizer.Normalize(row);
        }

        return tensor(data, inputs.Count, InputSize);
    }

    /// <summary>
    /// CleanRL's get_states: the LSTM run over T steps of B sequences from <paramref name="state"/>, the state zeroed
    /// before every step where <paramref name="starts"/> is 1 (the first step of an episode).
    /// </summary>
    /// <param name="inputs">[T·B, inputs], time-major (step t of sequence b at row t·B + b).</param>
    /// <param name="state">The state before the first step, [1, B, lstm] each.</param>
    /// <param name="starts">[T·B], 1 where a step starts an episode.</param>
    /// <returns>The LSTM output of every step, [T·B, lstm], and the state after the last.</returns>
    public (Tensor Hidden, LstmState State) States(Tensor inputs, LstmState state, Tensor starts)
    {
        var sequences = state.H.shape[1];
        var hidden = _network.call(inputs).reshape(-1, sequences, HiddenSize);
        var keep = (1f - starts).reshape(-1, 1, sequences, 1);
        var (h, c) = (state.H, state.C);
        var outputs = new Tensor[hidden.shape[0]];
        for (var t = 0; t < outputs.Length; t++)
        {
            (outputs[t], h, c) = _lstm.call(hidden[t].unsqueeze(0), (keep[t] * h, keep[t] * c));
        }

        return (cat(outputs).flatten(0, 1), new LstmState(h, c));
    }

    /// <summary>Action logits of LSTM outputs.</summary>
    public Tensor Logits(Tensor hidden) => _actor.call(hidden);

    /// <summary>State values of LSTM outputs, [rows].</summary>
    public Tensor Value(Tensor hidden) => _critic.call(hidden).squeeze(-1);

    /// <summary>An action per row of <paramref name="logits"/>: the most probable one when <paramref name="deterministic"/>,
    /// else drawn from the categorical distribution with <paramref name="random"/> (a seeded draw on the CPU: TorchSharp's
    /// sampling with a seeded generator did not repeat here); and the actions' log-probabilities.</summary>
    public static (long[] Actions, float[] LogProbs) Act(Tensor logits, bool deterministic, Random random)
    {
        using var scope = NewDisposeScope();
        var size = (int)logits.shape[^1];
        var logProbs = logits.detach().log_softmax(-1).data<float>().ToArray();
        var actions = new long[logProbs.Length / size];
        var chosen = new float[actions.Length];
        for (var row = 0; row < actions.Length; row++)
        {
            var rowLogProbs = logProbs.AsSpan(row * size, size);
            var action = 0;
            if (deterministic)
            {
                for (var a = 1; a < size; a++) action = rowLogProbs[a] > rowLogProbs[action] ? a : action;
            }
            else
            {
                var u = random.NextDouble();
                for (var cumulative = Math.Exp(rowLogProbs[0]); action < size - 1 && cumulative <= u; cumulative += Math.Exp(rowLogProbs[++action]))
                {
                }
            }

            (actions[row], chosen[row]) = (action, rowLogProbs[action]);
        }

        return (actions, chosen);
    }

    public float[] ChooseActions(EnvironmentVector envs, bool deterministic, Random random)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        if (_sessions is not { } state || state.H.shape[1] != envs.Count)
        {
            _sessions?.Dispose();
            state = InitialState(envs.Count);
        }

        var starts = tensor(Enumerable.Range(0, envs.Count).Select(i => envs.EpisodeStep(i) == 0 ? 1f : 0f).ToArray());
        var (hidden, next) = States(Normalize(Inputs(envs)), state, starts);
        var (actions, _) = Act(Logits(hidden), deterministic, random);
        state.Dispose();
        _sessions = new LstmState(next.H.DetachFromDisposeScope(), next.C.DetachFromDisposeScope());
        return actions.Select(a => (float)a).ToArray();
    }

    /// <summary>The agent as a checkpoint: the module's tensors under their PyTorch names (<c>network.0.weight</c>,
    /// <c>lstm.weight_ih_l0</c>, <c>actor.weight</c>, <c>critic.bias</c>, ...), and <paramref name="runInfo"/> with the
    /// shape, the action space and the input statistics.</summary>
    public void Save(string path, IReadOnlyDictionary<string, string> runInfo)
    {
        var metadata = new Dictionary<string, string>(runInfo)
        {
            ["policy"] = PolicyName,
            ["hidden_size"] = HiddenSize.ToString(CultureInfo.InvariantCulture),
            ["lstm_size"] = LstmSize.ToString(CultureInfo.InvariantCulture),
            ["activation"] = "tanh",
            ["time_feature"] = TimeFeature ? "true" : "false",
            [AgentCheckpoint.ObservationMean] = JsonSerializer.Serialize(Normalizer.Mean),
            [AgentCheckpoint.ObservationVariance] = JsonSerializer.Serialize(Normalizer.Variance),
            [AgentCheckpoint.ObservationCount] = Normalizer.Count.ToString("R", CultureInfo.InvariantCulture),
        };
        AgentCheckpoint.AddShape(metadata, ObservationSize, ActionSpace);
        SafeTensors.Save(path, ModuleTensors.Export(this), metadata);
    }

    /// <summary>The agent a checkpoint written by <see cref="Save"/> holds; <paramref name="source"/> names it in errors.</summary>
    public static RecurrentActorCritic FromTensors(IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string> metadata, string source)
    {
        string Meta(string key) => metadata.TryGetValue(key, out var value) ? value : throw new InvalidDataException($"{source}: metadata has no '{key}'.");
        int Int(string key) => int.Parse(Meta(key), CultureInfo.InvariantCulture);
        var normalizer = new RunningMeanStd(
            JsonSerializer.Deserialize<double[]>(Meta(AgentCheckpoint.ObservationMean))!,
            JsonSerializer.Deserialize<double[]>(Meta(AgentCheckpoint.ObservationVariance))!,
            double.Parse(Meta(AgentCheckpoint.ObservationCount), CultureInfo.InvariantCulture));
        using var generator = new Generator(0);
        var agent = new RecurrentActorCritic(
            Int("observation_size"), AgentCheckpoint.ReadActionSpace(metadata, source), Int("hidden_size"), Int("lstm_size"), Meta("time_feature") == "true",
            generator, normalizer);
        ModuleTensors.Import(agent, tensors, source: source);
        return agent;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _sessions?.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>PyTorch's nn.init.orthogonal_ drawn from <paramref name="generator"/> (TorchSharp's takes the global
    /// one, which other code running at the same time also draws from): the Q of a Gaussian matrix's QR, its columns'
    /// signs fixed by R's diagonal, times the gain.</summary>
    private static void Orthogonal(Tensor weight, double gain, Generator generator)
    {
        using var scope = NewDisposeScope();
        var rows = weight.shape[0];
        var columns = weight.numel() / rows;
        var gaussian = randn(rows, columns, generator: generator);
        if (rows < columns) gaussian = gaussian.t();
        var (q, r) = linalg.qr(gaussian);
        q *= r.diagonal().sign();
        if (rows < columns) q = q.t();
        weight.copy_(q.reshape(weight.shape) * gain);
    }
}

/// <summary>An LSTM's (h, c), each [layers, sequences, size].</summary>
internal sealed record LstmState(Tensor H, Tensor C) : IDisposable
{
    public void Dispose()
    {
        H.Dispose();
        C.Dispose();
    }
}
