using System.Diagnostics;
using System.Text;

namespace EnvServer.Tools.Fuzz;

/// <summary>
/// Byte-level mutations from zzuf (Debian package <c>zzuf</c>), when it is installed: the seeds, one a line, through
/// <c>zzuf -s SEED -r RATIO cat</c> in one process call, split back into lines. Null when zzuf is missing.
/// </summary>
internal static class Zzuf
{
    public const string Path = "/usr/bin/zzuf";

    public static IReadOnlyList<byte[]>? Mutate(IReadOnlyList<string> seeds, int seed, double ratio = 0.01)
    {
        if (!File.Exists(Path)) return null;
        var file = System.IO.Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, string.Join('\n', seeds.Select(s => s.ReplaceLineEndings(" "))) + "\n");
            using var process = Process.Start(new ProcessStartInfo(Path)
            {
                ArgumentList = { "-s", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "-r", ratio.ToString(System.Globalization.CultureInfo.InvariantCulture), "cat", file },
                RedirectStandardOutput = true,
                UseShellExecute = false,
            })!;
            using var output = new MemoryStream();
            process.StandardOutput.BaseStream.CopyTo(output);
            if (!process.WaitForExit(TimeSpan.FromSeconds(60))) process.Kill();
            var bytes = output.ToArray();
            var lines = new List<byte[]>();
            var start = 0;
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] != (byte)'\n') continue;
                lines.Add(bytes[start..i]);
                start = i + 1;
            }

            return lines.Count > 0 ? lines : null;
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static string Describe() => File.Exists(Path) ? "zzuf" : "zzuf not installed (apt-get install zzuf): JSON-aware mutations only";

    internal static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
