namespace EnvServer.Environments.Polypharmacy;

/// <summary>
/// The medications of an episode by slot: slot i starts as the patient's i-th prescription, is emptied by
/// stop and refilled by substitute, so action-mask slots stay stable through the episode.
/// </summary>
internal sealed class Regimen
{
    private readonly MedicationState?[] _slots;

    public Regimen(IEnumerable<MedicationState> medications) => _slots = medications.ToArray();

    private Regimen(MedicationState?[] slots) => _slots = slots;

    public int SlotCount => _slots.Length;

    public MedicationState? this[int slot] => _slots[slot];

    /// <summary>The current medications with their slots, in slot order.</summary>
    public IEnumerable<(int Slot, MedicationState Medication)> Current =>
        _slots.Select((m, i) => (i, m)).Where(p => p.m is not null).Select(p => (p.i, p.m!));

    public IEnumerable<string> DrugIds => Current.Select(c => c.Medication.Drug.Id);

    public int? SlotOf(string drugId)
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            if (_slots[i]?.Drug.Id == drugId) return i;
        }

        return null;
    }

    public void Set(int slot, MedicationState? medication) => _slots[slot] = medication;

    public Regimen Copy() => new((MedicationState?[])_slots.Clone());
}

/// <summary>A medication as currently prescribed, with the mitigations applied to it.</summary>
internal sealed record MedicationState(Drug Drug, double DoseMg, bool DoseReduced, bool Monitored)
{
    public static MedicationState Start(Drug drug, double doseMg) => new(drug, doseMg, false, false);
}
