using EnvServer.Agent.Cli;
using EnvServer.Api.Hosting;

// The agent reaches environments only through EnvServer.Client; with no --server it starts an embedded server.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

AgentOptions options;
try
{
    // The model settings (HF_TOKEN, MODEL_NAME, ...) as the server reads them: environment variables over .env.
    options = AgentOptions.Parse(args, DotEnvFile.OverEnvironment());
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine($"usage: {AgentOptions.Usage}");
    return 2;
}

try
{
    return await AgentCommand.RunAsync(options, Console.Out, Console.Error, cancel.Token);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}
catch (UnauthorizedAccessException error)
{
    // A --server that wants a key this run did not send (API_KEY): the message says which variable to set.
    Console.Error.WriteLine($"error: {error.Message}");
    return 1;
}
