using System.Runtime.CompilerServices;

namespace Auscult.Torch.Tests;

/// <summary>
/// This test assembly is a torch host like the CLI: it sets the intra-op thread count once, before any test runs.
/// One thread, explicitly: the determinism tests compare weights and scores bit for bit, which holds for a fixed
/// thread count, and the machines have 2 cores shared by the test run's own workers.
/// </summary>
internal static class TorchTestHost
{
    public const int IntraOpThreads = 1;

#pragma warning disable CA2255 // A test assembly is the host here; the setting must precede every test.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Configure() => TorchRuntime.Configure(IntraOpThreads);
}
