using System.Numerics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace EnvServer.Training.Cli;

/// <summary><c>info</c>: what this worker build is and what it runs on.</summary>
internal static class InfoCommand
{
    public static int Run(TextWriter output)
    {
        output.WriteLine($"EnvServer.Training {Assembly.GetExecutingAssembly().GetName().Version}");
        output.WriteLine($"  runtime: {RuntimeInformation.FrameworkDescription}, {Environment.ProcessorCount} cores");
        output.WriteLine($"  SIMD: {Vector<float>.Count} floats per vector (hardware accelerated: {Vector.IsHardwareAccelerated})");
        output.WriteLine("  algorithms: ppo (discrete and continuous actions)");
        output.WriteLine("  checkpoints: safetensors, tensor names as CleanRL's Agent (critic.*, actor.* / actor_mean.*, actor_logstd)");
        return 0;
    }
}
