namespace EnvServer.Environments.Schema;

public enum FieldType
{
    Number,
    Integer,
    String,
    Boolean,
    Object,
    NumberArray,

    /// <summary>A JSON array of any items (e.g. objects); for observation and state fields written by the environment.</summary>
    Array,
}

/// <summary>
/// One field of an action, observation, state or reset-options object. The same description
/// drives the JSON Schema served at /schema and the validation of what clients send.
/// </summary>
public sealed record FieldSchema(string Name, FieldType Type, string Description)
{
    /// <summary>Must be present. Default false.</summary>
    public bool Required { get; init; }

    /// <summary>May be JSON null. Default false.</summary>
    public bool Nullable { get; init; }

    /// <summary>Inclusive lower bound for numbers.</summary>
    public double? Minimum { get; init; }

    /// <summary>Inclusive upper bound for numbers.</summary>
    public double? Maximum { get; init; }

    /// <summary>Exclusive lower bound for numbers.</summary>
    public double? ExclusiveMinimum { get; init; }

    /// <summary>Exclusive upper bound for numbers.</summary>
    public double? ExclusiveMaximum { get; init; }

    /// <summary>Longest allowed string.</summary>
    public int? MaxLength { get; init; }

    /// <summary>Allowed values of a string field.</summary>
    public IReadOnlyList<string>? AllowedValues { get; init; }

    /// <summary>
    /// Written only when the condition its description names holds (e.g. missing_mask, present only with a measurement
    /// realism option on); otherwise absent. Default false.
    /// </summary>
    public bool Conditional { get; init; }

    /// <summary>Default shown in the schema (a string, number, bool or null).</summary>
    public object? Default { get; init; }

    /// <summary>Whether a default is declared (a null default is a real default).</summary>
    public bool HasDefault { get; init; }

    public FieldSchema WithDefault(object? value) => this with { Default = value, HasDefault = true };

    /// <summary>"dose_mg" → "Dose Mg", as pydantic titles fields.</summary>
    public string Title => string.Join(' ', Name.Split('_').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
}
