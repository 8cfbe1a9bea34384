using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Environments.Hiv;

/// <summary>
/// The cohorts of <c>data/hiv/cohorts.json</c>, loaded once. A missing or malformed file throws
/// <see cref="InvalidDataException"/> naming the file (and the line, or the cohort and field, at fault), so
/// that a bad deployment fails at start-up rather than at the first reset.
/// </summary>
public static class HivCohortCatalog
{
    public const string FileName = "cohorts.json";

    private static readonly Lazy<IReadOnlyList<HivCohort>> Loaded = new(() => Load(DataFiles.PathOf("hiv", FileName)));

    /// <summary>The shipped cohorts, in file order.</summary>
    public static IReadOnlyList<HivCohort> All => Loaded.Value;

    public static HivCohort? Find(string id) => All.FirstOrDefault(c => c.Id == id);

    /// <summary>Reads and checks a cohort file: ids unique and snake_case, every range positive with low ≤ high, f below 1/0.7.</summary>
    public static IReadOnlyList<HivCohort> Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"HIV cohort file {path} cannot be read: {error.Message}", error);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"HIV cohort file {path} is not valid JSON (line {error.LineNumber + 1}, byte {error.BytePositionInLine + 1}): {error.Message}", error);
        }

        using (document)
        {
            if (!document.RootElement.TryGetProperty("cohorts", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"HIV cohort file {path} has no \"cohorts\" array.");
            }

            var cohorts = new List<HivCohort>();
            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                var cohort = ReadCohort(path, index++, item);
                if (cohorts.Any(c => c.Id == cohort.Id)) throw new InvalidDataException($"HIV cohort file {path}: cohort id '{cohort.Id}' appears twice.");
                cohorts.Add(cohort);
            }

            if (cohorts.Count == 0) throw new InvalidDataException($"HIV cohort file {path} defines no cohorts.");
            return cohorts;
        }
    }

    private static HivCohort ReadCohort(string path, int index, JsonElement item)
    {
        var where = $"HIV cohort file {path}, cohort #{index + 1}";
        if (item.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{where} is not an object.");
        var id = String(item, "id");
        if (id.Length == 0 || id.Length > 64 || !id.All(ch => ch is >= 'a' and <= 'z' or >= '0' and <= '9' or '_'))
        {
            throw new InvalidDataException($"{where}: id '{id}' must be 1–64 characters of a–z, 0–9 and _.");
        }

        where = $"HIV cohort file {path}, cohort '{id}'";
        var f = Range(item, "f");
        if (f.High * HivTreatment.RtiEfficacy >= 1) throw new InvalidDataException($"{where}, field f: f·ε1 must stay below 1 (f < 1.43).");
        return new HivCohort(id, String(item, "description"), Range(item, "k1"), Range(item, "k2"), f, Range(item, "lambda1"));

        string String(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()!
                : throw new InvalidDataException($"{where}, field {name}: a string is required.");

        ParameterRange Range(JsonElement element, string name)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != 2
                || value[0].ValueKind != JsonValueKind.Number || value[1].ValueKind != JsonValueKind.Number)
            {
                throw new InvalidDataException($"{where}, field {name}: a range [low, high] of two numbers is required.");
            }

            var range = new ParameterRange(value[0].GetDouble(), value[1].GetDouble());
            if (!(range.Low > 0 && range.Low <= range.High && double.IsFinite(range.High)))
            {
                throw new InvalidDataException($"{where}, field {name}: [{range.Low}, {range.High}] must satisfy 0 < low ≤ high.");
            }

            return range;
        }
    }
}
