using System.Text.Json;

namespace EnvServer.Client;

/// <summary>Dotted-path lookup (<c>a.b.0.c</c>) without splitting the path into new strings.</summary>
internal static class JsonPath
{
    public static bool TryResolve(JsonElement root, ReadOnlySpan<char> path, out JsonElement value)
    {
        value = root;
        foreach (var range in path.Split('.'))
        {
            var segment = path[range];
            if (segment.IsEmpty) continue;
            switch (value.ValueKind)
            {
                case JsonValueKind.Object when value.TryGetProperty(segment, out var child):
                    value = child;
                    break;
                case JsonValueKind.Array when int.TryParse(segment, out var index) && (uint)index < (uint)value.GetArrayLength():
                    value = value[index];
                    break;
                default:
                    value = default;
                    return false;
            }
        }

        return true;
    }
}
