using System.Globalization;

namespace EnvServer.Tools.Docs;

/// <summary><c>docs-check [--root DIR] [--block-timeout 300] [--timeout 600] [--python python3] [--no-build] [--list]</c>.</summary>
internal sealed record DocsCheckOptions
{
    /// <summary>The repository whose README.md and docs/ are checked. Default: the one around the working directory.</summary>
    public string? Root { get; init; }

    /// <summary>Longest one block may run before it is killed and fails. Default 300 s.</summary>
    public TimeSpan BlockTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Longest the whole check may run, the server's start included; blocks left then fail. Default 600 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>Interpreter for Python blocks, also <c>python3</c> inside bash blocks. Default <c>python3</c> from PATH.</summary>
    public string Python { get; init; } = "python3";

    /// <summary>Start the server from its Debug build as it is, rather than with <c>dotnet run</c> (which builds first). Default false.</summary>
    public bool NoBuild { get; init; }

    /// <summary>Print the runnable blocks without running anything. Default false.</summary>
    public bool List { get; init; }

    public bool Help { get; init; }

    public const string Usage =
        "usage: docs-check [--root DIR] [--block-timeout 300] [--timeout 600] [--python python3] [--no-build] [--list]\n"
        + "  Runs the ```bash runnable and ```python runnable blocks of README.md and docs/ against a fresh server.\n"
        + "  --root DIR           repository to check (default: the one around the working directory)\n"
        + "  --block-timeout S    seconds one block may run (default 300)\n"
        + "  --timeout S          seconds the whole check may run (default 600)\n"
        + "  --python PATH        interpreter for Python blocks and python3 in bash blocks (default python3)\n"
        + "  --no-build           start the server from its Debug build as it is (after dotnet test), without dotnet run\n"
        + "  --list               print the runnable blocks, run nothing";

    /// <summary>Null (after printing why) for a bad command line.</summary>
    public static DocsCheckOptions? Parse(IReadOnlyList<string> args, TextWriter error)
    {
        var options = new DocsCheckOptions();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--no-build":
                    options = options with { NoBuild = true };
                    continue;
                case "--list":
                    options = options with { List = true };
                    continue;
                case "--help" or "-h":
                    options = options with { Help = true };
                    continue;
            }

            if (args[i] is not ("--root" or "--block-timeout" or "--timeout" or "--python"))
            {
                error.WriteLine($"docs-check: unknown option {args[i]}.\n{Usage}");
                return null;
            }

            if (i + 1 >= args.Count)
            {
                error.WriteLine($"docs-check: {args[i]} needs a value.\n{Usage}");
                return null;
            }

            var value = args[++i];
            if (args[i - 1] is "--root") options = options with { Root = value };
            else if (args[i - 1] is "--python") options = options with { Python = value };
            else if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
            {
                options = args[i - 1] == "--timeout"
                    ? options with { Timeout = TimeSpan.FromSeconds(seconds) }
                    : options with { BlockTimeout = TimeSpan.FromSeconds(seconds) };
            }
            else
            {
                error.WriteLine($"docs-check: {args[i - 1]} takes a number of seconds > 0, not '{value}'.");
                return null;
            }
        }

        if (options.Root is not null && !File.Exists(Path.Combine(options.Root, "EnvServer.sln")))
        {
            error.WriteLine($"docs-check: --root {options.Root} holds no EnvServer.sln.");
            return null;
        }

        return options;
    }
}
