using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Environments.DrugDose;

/// <summary>
/// One episode of drug-dose: the patient, the task's rules, and the tallies the reward, info and grade
/// need. <see cref="DrugDoseEnvironment"/> documents the behaviour; this class carries it out.
/// </summary>
internal sealed class DrugDoseEpisode : IEpisode<DrugDoseAction>
{
    private static readonly TherapeuticWindow Window = TherapeuticWindow.Default;

    private readonly IPharmacokineticModel _patient;
    private readonly TreatmentRules _rules;
    private readonly PlasmaAssay? _assay;
    private readonly SeededRandom _random;
    private readonly double _maxDose;
    private readonly int _maxSteps;
    private int _steps;
    private int _stepsInWindow;
    private bool _toxic;
    private double _lastDose;
    private SafetyCost _cost = SafetyCost.Zero(DrugDoseCost.Components);
    private readonly MeasuredValues _measured;

    private DrugDoseEpisode(IPharmacokineticModel patient, TreatmentRules rules, SeededRandom random, Realism realism, double maxDose, int maxSteps)
    {
        _patient = patient;
        _rules = rules;
        _random = random;
        _maxDose = maxDose;
        _maxSteps = maxSteps;
        _assay = rules.MeasuredByAssay ? PlasmaAssay.Start(patient.Plasma, random) : null;
        _measured = new MeasuredValues(realism, [DrugDoseSchemas.ConcentrationField]);
        MeasureReading();
    }

    public static DrugDoseEpisode Start(string taskId, ResetOptions options, SeededRandom random, Realism realism) => new(
        PatientFactory.Create(taskId, options, random, realism),
        DrugDoseTasks.RulesFor(taskId),
        random,
        realism,
        options.GetDouble(DrugDoseOptions.MaxDose) ?? DrugDoseOptions.DefaultMaxDose,
        options.GetInt32(DrugDoseOptions.MaxSteps) ?? DrugDoseOptions.DefaultMaxSteps);

    public DrugDoseObservation Observation
    {
        get
        {
            var reading = Reading;
            if (!_measured.Active)
            {
                double[] features = _assay is null
                    ? [reading.Concentration]
                    : [reading.Concentration, reading.Age, _lastDose];
                return new DrugDoseObservation(reading.Concentration, _lastDose, Window.Contains(_patient.Effect), reading.Age, Window, features, null);
            }

            // Realism measurements: the value of this step or null; features carry the last value and the missing indicator.
            var measured = _measured.Current;
            double[] realistic = _assay is null
                ? [measured.LastTaken[0], .. measured.Indicators]
                : [measured.LastTaken[0], reading.Age, _lastDose, .. measured.Indicators];
            return new DrugDoseObservation(measured[0], _lastDose, Window.Contains(_patient.Effect), reading.Age, Window, realistic, measured);
        }
    }

    /// <summary>What the task's monitoring reads before realism: C, or pkpd_toxicity's last plasma assay.</summary>
    private PlasmaReading Reading => _assay?.Reading ?? new PlasmaReading(_patient.Plasma, 0);

    private void MeasureReading()
    {
        if (_measured.Active) _measured.Measure([Reading.Concentration], _steps);
    }

    public SafetyCost Cost => _cost;

    public DrugDoseInfo Info => new(_steps == 0 ? 0.0 : 100.0 * _stepsInWindow / _steps, _toxic);

    public (double Reward, bool Terminated, bool Truncated) Step(double requestedDose)
    {
        // JSON cannot carry NaN, but the typed Step can, and clipping would pass it through to the patient.
        if (double.IsNaN(requestedDose)) throw new InvalidInputException("dose", "The dose must be a number, not NaN.");

        var dose = Math.Clamp(requestedDose, 0.0, _maxDose);
        _patient.Step(dose, _random);
        _assay?.Advance(_patient.Plasma, _random);
        _steps++;
        MeasureReading();
        _lastDose = dose;

        var effect = _patient.Effect;
        if (Window.Contains(effect)) _stepsInWindow++;
        _toxic = effect > _rules.ToxicThreshold;
        _cost = DrugDoseCost.Of(effect, dose);
        var reward = Window.Reward(effect) - _rules.DoseCost * dose - (_toxic ? _rules.ToxicPenalty : 0.0);

        // A toxic step is terminal even at the horizon: there is no future value to bootstrap.
        return (reward, _toxic, !_toxic && _steps >= _maxSteps);
    }

    public double Grade() => DrugDoseGrader.Score(_stepsInWindow, _maxSteps, _toxic);

    public void WriteStateFields(Utf8JsonWriter writer)
    {
        _patient.WriteStateFields(writer);
        writer.WriteFloat("max_dose", _maxDose);
        writer.WriteNumber("max_steps", _maxSteps);
        writer.WriteNumber("steps_in_window", _stepsInWindow);
        writer.WriteBoolean("toxic", _toxic);
    }

    IJsonFields IEpisode<DrugDoseAction>.Observation => Observation;

    IJsonFields IEpisode<DrugDoseAction>.Info => Info;

    (double Reward, bool Terminated, bool Truncated) IEpisode<DrugDoseAction>.Step(DrugDoseAction action) => Step(action.Dose);

    double IEpisode<DrugDoseAction>.Grade(double episodeReturn) => Grade();
}
