using System.Globalization;

namespace EnvServer.Api.Cli;

/// <summary>
/// The command-line clients' arguments: <c>--name value</c> options (repeatable, or comma-separated), <c>--flag</c>
/// switches, and switches that may take a value (<c>--save-data</c> or <c>--save-data DIR</c>).
/// </summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private CommandLine()
    {
    }

    public static CommandLine Parse(IReadOnlyList<string> args, params string[] flags) => Parse(args, flags, []);

    /// <param name="args">The arguments after the command.</param>
    /// <param name="flags">Switches without a value.</param>
    /// <param name="flagsWithOptionalValue">Switches whose next argument, unless it is another option, is their value.</param>
    public static CommandLine Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> flags, IReadOnlyCollection<string> flagsWithOptionalValue)
    {
        var line = new CommandLine();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"Unexpected argument '{name}'.");
            if (flags.Contains(name))
            {
                line._flags.Add(name);
                continue;
            }

            if (flagsWithOptionalValue.Contains(name))
            {
                line._flags.Add(name);
                if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) line._values[name] = [args[++i]];
                continue;
            }

            if (i + 1 >= args.Count) throw new ArgumentException($"{name} needs a value.");
            if (!line._values.TryGetValue(name, out var list)) line._values[name] = list = [];
            list.AddRange(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        return line;
    }

    public bool Flag(string name) => _flags.Contains(name);

    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var list) ? list : [];

    public string? Get(string name) => _values.TryGetValue(name, out var list) ? list[^1] : null;

    public string Require(string name) => Get(name) ?? throw new ArgumentException($"{name} is required.");

    public int Int(string name, int fallback) => Get(name) is { } text ? Parse(name, text, int.Parse) : fallback;

    public bool Bool(string name, bool fallback) => Get(name) switch
    {
        null => fallback,
        "true" => true,
        "false" => false,
        var text => throw new ArgumentException($"{name}: '{text}' is neither true nor false."),
    };

    /// <summary>
    /// Repeated <c>--name key=value</c> pairs as reset options: values that read as JSON (numbers, true, false, null)
    /// keep their type, anything else is a string, so <c>--env-option integrator=fast --env-option max_steps=50</c> works.
    /// </summary>
    public Dictionary<string, object?> KeyValues(string name)
    {
        var pairs = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var pair in All(name))
        {
            var split = pair.IndexOf('=', StringComparison.Ordinal);
            if (split <= 0) throw new ArgumentException($"{name}: '{pair}' is not key=value.");
            var text = pair[(split + 1)..];
            pairs[pair[..split]] = text switch
            {
                "true" => true,
                "false" => false,
                "null" => null,
                _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => number,
                _ => text,
            };
        }

        return pairs;
    }

    public float Float(string name, float fallback) => Get(name) is { } text ? Parse(name, text, float.Parse) : fallback;

    private static T Parse<T>(string name, string text, Func<string, NumberStyles, IFormatProvider, T> parse)
    {
        try
        {
            return parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            throw new ArgumentException($"{name}: '{text}' is not a number.");
        }
    }
}
