namespace EnvServer.Tools;

/// <summary>One command of the tool: <c>dotnet run --project src/EnvServer.Tools -- NAME [args]</c>.</summary>
internal interface IToolCommand
{
    /// <summary>What users type, e.g. <c>polypharmacy-baselines</c>.</summary>
    string Name { get; }

    /// <summary>One line for the usage text.</summary>
    string Summary { get; }

    /// <returns>The process exit code.</returns>
    int Run(IReadOnlyList<string> args, TextWriter output);
}
