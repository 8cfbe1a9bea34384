using System.Text.Json;

namespace EnvServer.Training.Reports;

/// <summary>
/// CSV columns for JSON objects of one kind (observations, or episode metadata): every top-level scalar field,
/// and the elements of arrays whose elements have names, in the order they first appear. Other arrays and
/// nested objects (polypharmacy's medication lists) do not fit a column and are left out.
/// </summary>
internal sealed class JsonColumns
{
    /// <summary>hiv's <c>state</c> is [T1, T1*, T2, T2*, V, E] (its observation schema).</summary>
    private static readonly Dictionary<string, string[]> NamedElements = new(StringComparer.Ordinal)
    {
        ["state"] = ["t1", "t1_star", "t2", "t2_star", "v", "e"],
    };

    private readonly List<(string Name, string Field, int Index)> _columns;

    private JsonColumns(List<(string Name, string Field, int Index)> columns) => _columns = columns;

    public IReadOnlyList<string> Names => [.. _columns.Select(c => c.Name)];

    /// <param name="objects">Every object the columns must hold.</param>
    /// <param name="excluded">Fields left out: those the row already has, and encodings of other fields (features).</param>
    public static JsonColumns Of(IEnumerable<JsonElement> objects, IReadOnlySet<string> excluded)
    {
        var columns = new List<(string, string, int)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in objects.Where(o => o.ValueKind == JsonValueKind.Object))
        {
            foreach (var property in element.EnumerateObject())
            {
                // A field's first non-null value decides its columns; a field null throughout has none.
                var value = property.Value;
                if (excluded.Contains(property.Name) || value.ValueKind == JsonValueKind.Null || !seen.Add(property.Name)) continue;
                if (value.ValueKind == JsonValueKind.Array && NamedElements.TryGetValue(property.Name, out var names))
                    columns.AddRange(names.Select((name, k) => (name, property.Name, k)));
                else if (value.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object))
                    columns.Add((property.Name, property.Name, -1));
            }
        }

        return new JsonColumns(columns);
    }

    /// <summary>The cells of <paramref name="element"/>, empty where it has no value.</summary>
    public IEnumerable<string> Cells(JsonElement element) => _columns.Select(c =>
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(c.Field, out var value)) return "";
        if (c.Index >= 0) value = value.ValueKind == JsonValueKind.Array && c.Index < value.GetArrayLength() ? value[c.Index] : default;
        return Cell(value);
    });

    /// <summary>A JSON scalar as CSV: numbers exactly as the server wrote them, strings quoted when they must be.</summary>
    public static string Cell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.String => Quote(value.GetString()!),
        _ => "",
    };

    public static string Quote(string text) =>
        text.AsSpan().IndexOfAny(",\"\n\r") < 0 ? text : $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
