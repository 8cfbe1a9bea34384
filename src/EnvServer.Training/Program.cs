using EnvServer.Training.Cli;

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
        ["federated", .. var rest] => await FederatedCommand.RunAsync(rest, Console.Out, cancel.Token),
        ["info", ..] => InfoCommand.Run(Console.Out),
        _ => Usage(),
    };
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    return Usage();
}

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run --project src/EnvServer.Training -- COMMAND");
    Console.Error.WriteLine($"  {TrainCommand.Usage}");
    Console.Error.WriteLine($"  {EvaluateCommand.Usage}");
    Console.Error.WriteLine($"  {FederatedCommand.Usage}");
    Console.Error.WriteLine("  info");
    return 2;
}
