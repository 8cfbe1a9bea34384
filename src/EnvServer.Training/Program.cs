using System.Reflection;

// The worker's commands arrive with the algorithms (train, evaluate); `info` describes this build.
if (args is ["info", ..])
{
    var version = Assembly.GetExecutingAssembly().GetName().Version;
    Console.WriteLine($"EnvServer.Training {version}");
    Console.WriteLine($"  runtime: {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {Environment.ProcessorCount} cores");
    Console.WriteLine($"  SIMD: {System.Numerics.Vector<float>.Count} floats per vector (hardware accelerated: {System.Numerics.Vector.IsHardwareAccelerated})");
    Console.WriteLine("  neural networks: MLP (tanh/ReLU), masked categorical and diagonal Gaussian heads, Adam, safetensors checkpoints");
    return 0;
}

Console.Error.WriteLine("usage: dotnet run --project src/EnvServer.Training -- info");
return args.Length == 0 ? 0 : 2;
