using System.Runtime.CompilerServices;

namespace EnvServer.Api.Tests.Infrastructure;

/// <summary>
/// The servers under test share the test host's thread pool. On a 2-CPU machine the pool starts with
/// 2 threads, and the test host itself (runner and adapter) holds several of them blocked for its
/// first seconds: measured here, a process running no server at all saw its pool not run a single
/// work item for 0.6 to 0.9 s, about once per run. A server hosted in-process stalls with it, which
/// breaks tests with sub-second timings (a 0.5 s idle timeout reaps a session whose request is stuck
/// in the queue). A standalone server does not share this, so the test host starts with more threads.
/// </summary>
internal static class TestHostThreadPool
{
    private const int MinThreads = 32;

    [ModuleInitializer]
    internal static void Raise()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, MinThreads), Math.Max(io, MinThreads));
    }
}
