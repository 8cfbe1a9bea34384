namespace EnvServer.Api.Hosting;

/// <summary>
/// Reads KEY=VALUE lines from a <c>.env</c> file in the working directory, as users who copy
/// .env.example expect. Real environment variables and command-line settings win over the file.
/// </summary>
internal static class DotEnvFile
{
    public static void AddTo(IConfigurationManager configuration, string path = ".env")
    {
        if (!File.Exists(path)) return;
        foreach (var line in File.ReadLines(path))
        {
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#')) continue;
            var equals = text.IndexOf('=');
            if (equals <= 0) continue;
            var key = text[..equals].Trim();
            var value = text[(equals + 1)..].Trim().Trim('"', '\'');
            if (configuration[key] is null) configuration[key] = value;
        }
    }
}
