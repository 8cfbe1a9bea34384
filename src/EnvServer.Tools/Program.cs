using EnvServer.Tools;

// One entry per command; each lives in its own file.
IToolCommand[] commands =
[
    new EnvServer.Tools.Sepsis.SepsisValuesCommand(),
    new EnvServer.Tools.Polypharmacy.GeneratePatientsCommand(),
    new EnvServer.Tools.Polypharmacy.BaselinesCommand(),
    new EnvServer.Tools.Llm.ScriptedLlmCommand(),
    new EnvServer.Tools.Hiv.HivAccuracyCommand(),
    new EnvServer.Tools.Replicas.ReplicaTestCommand(),
    new EnvServer.Tools.Soak.SoakCommand(),
    new EnvServer.Tools.Realism.RealismTableCommand(),
    new EnvServer.Tools.Fuzz.FuzzCommand(),
    new EnvServer.Tools.Docs.DocsCheckCommand(),
];

var command = args.Length > 0 ? commands.FirstOrDefault(c => c.Name == args[0]) : null;
if (command is null)
{
    Console.Error.WriteLine("usage: dotnet run --project src/EnvServer.Tools -- COMMAND [args]");
    foreach (var c in commands) Console.Error.WriteLine($"  {c.Name,-28} {c.Summary}");
    return args.Length == 0 ? 0 : 2;
}

return command.Run(args[1..], Console.Out);
