namespace EnvServer.Environments.Sepsis;

/// <summary>One possible result of a rule: the state it leads to and its probability.</summary>
internal readonly record struct SepsisBranch(double Probability, SepsisState State);

/// <summary>A rule's results, at most three, with equal states merged.</summary>
internal ref struct SepsisBranches(Span<SepsisBranch> buffer)
{
    /// <summary>Largest number of distinct results of one rule (down, stay, up).</summary>
    public const int Capacity = 3;

    private readonly Span<SepsisBranch> _buffer = buffer;

    public int Count { get; private set; }

    public readonly SepsisBranch this[int i] => _buffer[i];

    public void Add(double probability, SepsisState state)
    {
        if (probability <= 0) return;
        for (var i = 0; i < Count; i++)
        {
            if (_buffer[i].State == state)
            {
                _buffer[i] = new SepsisBranch(_buffer[i].Probability + probability, state);
                return;
            }
        }

        _buffer[Count++] = new SepsisBranch(probability, state);
    }

    /// <summary>Moves to <paramref name="changed"/> w.p. <paramref name="p"/>, else stays at <paramref name="unchanged"/>.</summary>
    public void Either(double p, SepsisState changed, SepsisState unchanged)
    {
        Add(p, changed);
        Add(1.0 - p, unchanged);
    }
}
