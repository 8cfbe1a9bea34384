namespace EnvServer.Api.Hosting;

/// <summary>
/// Reads KEY=VALUE lines from a <c>.env</c> file in the working directory, as users who copy
/// .env.example expect. Real environment variables and command-line settings win over the file.
/// </summary>
public static class DotEnvFile
{
    /// <summary>The file's settings (none when it does not exist); blank lines, comments and lines without a key are skipped.</summary>
    public static IReadOnlyDictionary<string, string> Read(string path = ".env")
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path)) return settings;
        foreach (var line in File.ReadLines(path))
        {
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#')) continue;
            var equals = text.IndexOf('=');
            if (equals <= 0) continue;
            settings.TryAdd(text[..equals].Trim(), text[(equals + 1)..].Trim().Trim('"', '\''));
        }

        return settings;
    }

    /// <summary>Adds the file's settings that the configuration does not already have.</summary>
    internal static void AddTo(IConfigurationManager configuration, string path = ".env")
    {
        foreach (var (key, value) in Read(path))
        {
            if (configuration[key] is null) configuration[key] = value;
        }
    }

    /// <summary>An environment variable, else the file's value: the order the server reads its settings in.</summary>
    public static Func<string, string?> OverEnvironment(string path = ".env")
    {
        var file = Read(path);
        return key => Environment.GetEnvironmentVariable(key) ?? file.GetValueOrDefault(key);
    }
}
