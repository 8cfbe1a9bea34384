using System.Text;
using System.Text.Json.Nodes;

namespace EnvServer.Tools.Fuzz;

/// <summary>
/// A JSON-aware mutator: from a valid seed document, one seeded mutation that keeps the JSON shape where it matters
/// (values of the wrong type, numbers as strings, missing, unknown and duplicate keys, long names, deep nesting) or
/// breaks it (truncation, flipped bytes, invalid UTF-8). Input <c>i</c> depends on the seed and <c>i</c> alone.
/// </summary>
internal static class JsonMutator
{
    private static readonly string[] Values =
    [
        "null", "true", "false", "0", "-1", "0.5", "\"0.5\"", "\"3\"", "\"x\"", "\"\"", "[]", "{}", "1e309", "-1e309", "NaN",
        "99999999999999999999999999", "\"\\ud800\"", "\"\\u0000\"", "[1,2,3]", "{\"a\":1}", "3.0", "\"inf\"", "\"  7  \"",
    ];

    public static byte[] Mutate(string seed, Random random)
    {
        var text = random.Next(9) switch
        {
            0 => ReplaceValue(seed, random),
            1 => DeleteKey(seed, random),
            2 => AddKey(seed, random),
            3 => DuplicateKey(seed, random),
            4 => Nest(seed, random),
            5 => seed[..random.Next(seed.Length + 1)],
            6 => Values[random.Next(Values.Length)],
            7 => ReplaceValue(ReplaceValue(seed, random), random),
            _ => null,
        };
        return text is null ? FlipBytes(Encoding.UTF8.GetBytes(seed), random) : Encoding.UTF8.GetBytes(text);
    }

    private static string ReplaceValue(string seed, Random random) =>
        Edit(seed, random, random.Next(10) == 0 ? "\"" + new string('v', random.Next(100, 5000)) + "\"" : Values[random.Next(Values.Length)], (parent, key) => parent[key] = Marker);

    private static string DeleteKey(string seed, Random random) => Edit(seed, random, "", (parent, key) => parent.Remove(key));

    private static string AddKey(string seed, Random random) => Edit(seed, random, Values[random.Next(Values.Length)], (parent, _) =>
        parent[random.Next(4) == 0 ? new string('k', random.Next(100, 400)) : "extra_" + random.Next(100)] = Marker);

    /// <summary>The same key twice with different values: invisible to JsonNode, so done in the text.</summary>
    private static string DuplicateKey(string seed, Random random)
    {
        var open = seed.IndexOf('{');
        var quote = seed.IndexOf('"', open + 1);
        if (open < 0 || quote < 0) return seed;
        var end = seed.IndexOf('"', quote + 1);
        var key = seed[(quote + 1)..end];
        return seed[..(open + 1)] + $"\"{key}\":{Values[random.Next(Values.Length)]}," + seed[(open + 1)..];
    }

    private static string Nest(string seed, Random random)
    {
        var depth = random.Next(2, 120);
        return string.Concat(Enumerable.Repeat("{\"a\":", depth)) + seed + new string('}', depth);
    }

    private static byte[] FlipBytes(byte[] bytes, Random random)
    {
        if (bytes.Length == 0) return bytes;
        for (var i = random.Next(1, 6); i > 0; i--) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
        return bytes;
    }

    /// <summary>Stands for the raw value text while the document is a JsonNode, which cannot hold NaN or a lone surrogate.</summary>
    private const string Marker = "@@fuzz-value@@";

    /// <summary>Edits one object of the document (the root or a nested one) at one of its keys; <see cref="Marker"/> becomes <paramref name="value"/>.</summary>
    private static string Edit(string seed, Random random, string value, Action<JsonObject, string> edit)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(seed);
        }
        catch (System.Text.Json.JsonException)
        {
            return seed;
        }

        var objects = new List<JsonObject>();
        Collect(root, objects);
        if (objects.Count == 0) return seed;
        var target = objects[random.Next(objects.Count)];
        var keys = target.Select(p => p.Key).ToList();
        edit(target, keys.Count == 0 ? "k" : keys[random.Next(keys.Count)]);
        return Serialize(root!).Replace("\"" + Marker + "\"", value, StringComparison.Ordinal);
    }

    /// <summary>A document holding an earlier mutation's lone surrogate cannot be written back: it is left as it was.</summary>
    private static string Serialize(JsonNode root)
    {
        try
        {
            return root.ToJsonString();
        }
        catch (InvalidOperationException)
        {
            return Marker;
        }
    }

    private static void Collect(JsonNode? node, List<JsonObject> objects)
    {
        if (node is JsonObject obj)
        {
            objects.Add(obj);
            foreach (var (_, child) in obj) Collect(child, objects);
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array) Collect(child, objects);
        }
    }
}
