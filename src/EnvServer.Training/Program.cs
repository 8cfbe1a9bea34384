using EnvServer.Training.Cli;
using EnvServer.Training.SepsisPrediction;

// The worker reaches environments only over WebSocket (EnvServer.Client); with no --server it starts an embedded server.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    return args switch
    {
        ["train", .. var rest] => await TrainCommand.RunAsync(rest, Console.Out, cancel.Token),
        ["evaluate", .. var rest] => await EvaluateCommand.RunAsync(rest, Console.Out, cancel.Token),
        ["plot", .. var rest] => PlotCommand.Run(rest, Console.Out),
        ["bandit", .. var rest] => await BanditCommand.RunAsync(rest, Console.Out, cancel.Token),
        ["federated", .. var rest] => await FederatedCommand.RunAsync(rest, Console.Out, cancel.Token),
        ["sepsis-prediction", .. var rest] => SepsisPredictionCommand.Run(rest, Console.Out),
        ["sepsis-cohort", .. var rest] => SepsisCohortCommand.Run(rest, Console.Out),
        ["info", ..] => InfoCommand.Run(Console.Out),
        _ => Usage(),
    };
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    return Usage();
}
catch (Exception error) when (error is IOException or InvalidDataException or NotSupportedException or EnvServer.Client.EnvServerException or HttpRequestException or UnauthorizedAccessException)
{
    // A missing checkpoint, an unreachable server, a missing API key, an environment's refusal or a missing CUDA backend:
    // the message says which.
    Console.Error.WriteLine($"error: {error.Message}");
    return 1;
}

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run --project src/EnvServer.Training -- COMMAND");
    Console.Error.WriteLine($"  {TrainCommand.Usage}");
    Console.Error.WriteLine($"  {EvaluateCommand.Usage}");
    Console.Error.WriteLine($"  {PlotCommand.Usage}");
    Console.Error.WriteLine($"  {BanditCommand.Usage}");
    Console.Error.WriteLine($"  {FederatedCommand.Usage}");
    Console.Error.WriteLine($"  {SepsisPredictionCommand.Usage}");
    Console.Error.WriteLine($"  {SepsisCohortCommand.Usage}");
    Console.Error.WriteLine("  info");
    Console.Error.WriteLine("A --server that requires an API key: set the environment variable API_KEY to its key (the embedded server needs none).");
    return 2;
}
