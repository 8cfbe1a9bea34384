using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EnvServer.Training.Networks;

/// <summary>
/// Same seed, same run, bit for bit: libtorch's CPU matrix products go through MKL, whose fastest kernels depend on
/// the alignment of the buffers, so two runs with one seed drifted apart in the last bits after a few updates (the
/// addresses differ from run to run). MKL's conditional numerical reproducibility, MKL_CBWR=AUTO, keeps the machine's
/// best code path but makes the results independent of alignment. It must be in the process environment before MKL
/// first runs, hence a module initializer; a value the user set is kept.
/// </summary>
internal static class Reproducibility
{
    private const string Variable = "MKL_CBWR";

    [ModuleInitializer]
    internal static void PinMklCodePath()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not null) return;
        // .NET's SetEnvironmentVariable does not reach the native environment on Unix, where MKL reads it.
        if (OperatingSystem.IsWindows()) Environment.SetEnvironmentVariable(Variable, "AUTO");
        else _ = SetEnvironment(Variable, "AUTO", 0);
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnvironment([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}
