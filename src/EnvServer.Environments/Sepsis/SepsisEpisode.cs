using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Environments.Sepsis;

/// <summary>
/// One episode of sepsis: the patient's full state, the task's view of it, and the outcome so far.
/// <see cref="SepsisEnvironment"/> documents the behaviour; this class carries it out.
/// </summary>
internal sealed class SepsisEpisode : IEpisode<SepsisAction>
{
    private readonly string _taskId;
    private readonly SepsisRules _rules;
    private readonly SepsisReference _reference;
    private readonly SepsisMonitor? _monitor;
    private readonly SeededRandom _random;
    private readonly bool _shaping;
    private int _steps;
    private double _rawOutcome;
    private double _shapingTerm;
    private SafetyCost _cost = SafetyCost.Zero(SepsisCost.Components);
    private readonly SepsisReadings? _readings;

    private SepsisEpisode(string taskId, SepsisModel model, bool shaping, SeededRandom random, Realism realism)
    {
        _taskId = taskId;
        _rules = SepsisRules.For(model);
        _reference = SepsisReference.For(model);
        _shaping = shaping;
        _random = random;
        Patient = SepsisSampler.Admit(random);
        _monitor = taskId == SepsisTasks.NoisyMonitoring ? SepsisMonitor.Admit(Patient, random) : null;
        if (realism.AltersMeasurements)
        {
            _readings = new SepsisReadings(realism, _monitor is null ? SepsisSchemas.MeasuredVitals : SepsisSchemas.MeasuredVitals.Take(3).ToArray());
            Read();
        }
    }

    public SepsisState Patient { get; private set; }

    public SepsisOutcome Outcome { get; private set; }

    public bool Over => Outcome != SepsisOutcome.Continue || _steps >= SepsisReference.Horizon;

    public static SepsisEpisode Start(string taskId, ResetOptions options, SeededRandom random, Realism realism) => new(
        taskId,
        new SepsisModel(
            SepsisNames.ParseDynamics(options.GetString(SepsisOptions.Dynamics)),
            SepsisNames.ParseAgeGroup(options.GetString(SepsisOptions.AgeGroup))),
        options.GetBoolean(SepsisOptions.Shaping) ?? true,
        random,
        realism);

    public SepsisObservation Observation
    {
        get
        {
            var shown = Shown;
            if (_readings?.Current is not { } read) return shown;
            return shown with
            {
                HeartRate = Level(read[0]),
                SystolicBp = Level(read[1]),
                PercentO2 = Level(read[2]),
                Glucose = shown.Glucose is null ? null : Level(read[3]),
                Readings = read,
            };

            static int? Level(double? reading) => reading is { } level ? (int)level : null;
        }
    }

    /// <summary>What the task shows before the realism options.</summary>
    private SepsisObservation Shown => _taskId switch
    {
        SepsisTasks.FullState => Visible(Patient.Glucose, Patient.Diabetic),
        SepsisTasks.ObservedState => Visible(Patient.Glucose, null),
        _ => new SepsisObservation(
            _monitor!.HeartRate, _monitor.SystolicBp, _monitor.PercentO2, null,
            Patient.Antibiotics, Patient.Ventilation, Patient.Vasopressors, null),
    };

    private void Read()
    {
        var shown = Shown;
        _readings!.Measure([shown.HeartRate!.Value, shown.SystolicBp!.Value, shown.PercentO2!.Value, shown.Glucose ?? 0], _steps);
    }

    public SafetyCost Cost => _cost;

    public SepsisInfo Info => new(_rawOutcome, _shapingTerm, Outcome, _reference.OptimalValue);

    public (double Reward, bool Terminated, bool Truncated) Step(SepsisAction action)
    {
        var before = Patient;
        _cost = SepsisCost.Of(before, action);
        Patient = SepsisSampler.Next(_rules, before, action, _random);
        _steps++;
        Outcome = SepsisOutcomes.Of(Patient);
        _monitor?.Measure(Patient, _random);
        if (_readings is not null) Read();

        var terminated = Outcome != SepsisOutcome.Continue;
        var truncated = !terminated && _steps >= SepsisReference.Horizon;
        _rawOutcome = SepsisOutcomes.Reward(Outcome);
        _shapingTerm = _shaping ? SepsisShaping.Term(before, Patient, terminated || truncated) : 0.0;
        return (_rawOutcome + _shapingTerm, terminated, truncated);
    }

    public double Grade() => SepsisGrader.Score(Outcome);

    public void WriteStateFields(Utf8JsonWriter writer)
    {
        var p = Patient;
        writer.WriteBoolean("diabetic", p.Diabetic);
        writer.WriteString("heart_rate", SepsisVitals.ThreeLevels[p.HeartRate]);
        writer.WriteString("systolic_bp", SepsisVitals.ThreeLevels[p.SystolicBp]);
        writer.WriteString("percent_o2", SepsisVitals.TwoLevels[p.PercentO2]);
        writer.WriteString("glucose", SepsisVitals.GlucoseLevels[p.Glucose]);
        writer.WriteBoolean("antibiotics", p.Antibiotics);
        writer.WriteBoolean("ventilation", p.Ventilation);
        writer.WriteBoolean("vasopressors", p.Vasopressors);
        writer.WriteNumber("abnormal_vitals", p.AbnormalCount);
        writer.WriteNumber("full_state_index", p.Index);
        writer.WriteString("dynamics", SepsisNames.Of(_rules.Model.Dynamics));
        writer.WriteString("age_group", SepsisNames.Of(_rules.Model.AgeGroup));
        writer.WriteBoolean("shaping", _shaping);
        writer.WriteNumber("max_steps", SepsisReference.Horizon);
        writer.WriteNumber("outcome", (int)Outcome);
        writer.WriteFloat("optimal_value", _reference.OptimalValue);
        writer.WritePropertyName("reference_action");
        if (Over) writer.WriteNullValue();
        else writer.WriteNumberValue(_reference.Policy.Action(_steps, p).Index);
        writer.WriteFloat("reference_value", Over ? null : _reference.Policy.Value(_steps, p.Index));
    }

    private SepsisObservation Visible(int glucose, bool? diabetic) => new(
        Patient.HeartRate, Patient.SystolicBp, Patient.PercentO2, glucose,
        Patient.Antibiotics, Patient.Ventilation, Patient.Vasopressors, diabetic);

    IJsonFields IEpisode<SepsisAction>.Observation => Observation;

    IJsonFields IEpisode<SepsisAction>.Info => Info;

    double IEpisode<SepsisAction>.Grade(double episodeReturn) => Grade();
}
