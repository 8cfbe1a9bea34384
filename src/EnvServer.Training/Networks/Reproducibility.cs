using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EnvServer.Training.Networks;

/// <summary>
/// Same seed, same run, bit for bit: libtorch's CPU matrix products go through MKL, whose fastest kernels depend on
/// the alignment of the buffers, so two runs with one seed drifted apart in the last bits after a few updates (the
/// addresses differ from run to run). MKL's conditional numerical reproducibility, MKL_CBWR=AUTO, keeps the machine's
/// best code path but makes the results independent of alignment. It must be in the process environment before MKL
/// first runs, hence a module initializer; a value the user set is kept.
/// The intra-op thread count is pinned the same way (OMP_NUM_THREADS=1, unless set): libtorch splits reductions by
/// thread, so a count that differs between runs (another core count, or a component of the same process calling
/// torch.set_num_threads) changes the last bits too. The worker's networks are small (64–128 units, minibatches of 64
/// to a few thousand rows), where one thread is also the fastest; the benchmark sets its own count explicitly.
/// </summary>
internal static class Reproducibility
{
    [ModuleInitializer]
    internal static void PinNativeSettings()
    {
        SetUnlessSet("MKL_CBWR", "AUTO");
        SetUnlessSet("OMP_NUM_THREADS", "1");
    }

    private static void SetUnlessSet(string variable, string value)
    {
        if (Environment.GetEnvironmentVariable(variable) is not null) return;
        // .NET's SetEnvironmentVariable does not reach the native environment on Unix, where MKL and OpenMP read it.
        if (OperatingSystem.IsWindows()) Environment.SetEnvironmentVariable(variable, value);
        else _ = SetEnvironment(variable, value, 0);
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnvironment([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}
