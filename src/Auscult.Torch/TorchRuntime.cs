using System.Runtime.InteropServices;
using TorchSharp;

namespace Auscult.Torch;

/// <summary>
/// Process-wide libtorch settings Auscult depends on, applied once before any network is built: the oneDNN
/// (MKL-DNN) and NNPACK convolution back ends are turned off, so convolutions run on libtorch's own im2col + GEMM
/// kernels, and the intra-op thread count is the one the host chose with <see cref="Configure"/> (by default
/// <see cref="TorchThreads.Default"/>).
/// </summary>
/// <remarks>
/// <para>
/// Threads: libtorch's intra-op thread count is a process-wide setting, and OpenMP copies it into each thread the
/// first time that thread runs a parallel kernel; a thread that ran one keeps the count it had then. A library call
/// that changed it (as training did before) raced with every other thread using torch, and did not even reach the
/// threads that had already run. So the host sets it once, before any model is built or loaded (the CLI at start, a
/// service at start-up), and training and scoring never change it. Parallelism across clips comes from workers (each
/// a thread calling a shared <see cref="Detection.Detector"/>), not from intra-op threads.
/// </para>
/// <para>
/// oneDNN: libtorch 2.10's oneDNN convolution, on a 2-core AMD EPYC with AVX-512 (the project's machines), now and
/// then returns NaN in the gradient of a convolution's input: it reads memory it did not write. Measured with
/// Conv2d(4, 8, 3, padding 1) on [8, 4, 16, 8] inputs, 3,000 backward passes with other allocations in between:
/// 2 NaN gradients on one thread, 8 on two; 0 with oneDNN capped at AVX2 (<c>ONEDNN_MAX_CPU_ISA=AVX2</c>) and 0 with
/// oneDNN off. In training, one such gradient turns every weight NaN at the next Adam step; the classifier tests
/// failed so in 8 of 10 runs. Off, a classifier epoch takes the same time (4 epochs of a 16-32-64 network on 128
/// images of 313 x 128: 1.89-2.04 s off, 1.93-2.15 s on).
/// </para>
/// <para>
/// NNPACK: libtorch tries it for inference convolutions and, on processors it does not support, prints "Could not
/// initialize NNPACK! Reason: Unsupported hardware." to standard error on every call, then falls back anyway.
/// </para>
/// <para>
/// TorchSharp 0.107 exposes neither switch, so they are called as libtorch's own C++ functions
/// (<c>at::globalContext().setUserEnabledMkldnn(false)</c>, <c>setUserEnabledNNPACK(false)</c>), whose exported
/// names are fixed by the libtorch version the project references. If a libtorch without them is ever referenced,
/// <see cref="EnsureConfigured"/> throws rather than train on the faulty kernels.
/// </para>
/// </remarks>
public static class TorchRuntime
{
    private const string LibTorch = "libtorch_cpu";
    private static readonly Lock Gate = new();
    private static bool _configured;
    private static int _intraOpThreads = TorchThreads.Default;

    /// <summary>
    /// The host's choice of libtorch intra-op threads, made once at start before any model is built or loaded. Until
    /// the settings are applied (by <see cref="EnsureConfigured"/>, which every network calls when it is built or loaded) the last
    /// call wins and nothing native is loaded, so a command that never touches torch pays nothing; afterwards the same
    /// count is accepted again and another one is refused. Thread-safe.
    /// </summary>
    /// <param name="intraOpThreads">Threads each torch operation may use; 1 (<see cref="TorchThreads.Default"/>) when several workers score at once.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="intraOpThreads"/> is less than 1.</exception>
    /// <exception cref="ConfigurationException">The settings were already applied with another count.</exception>
    public static void Configure(int intraOpThreads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(intraOpThreads, 1);
        lock (Gate)
        {
            if (_configured && intraOpThreads != _intraOpThreads)
            {
                throw new ConfigurationException(
                    $"Torch already runs with {_intraOpThreads} intra-op thread(s); the count is set once per process, before any model is built or loaded, not {intraOpThreads} now.");
            }

            _intraOpThreads = intraOpThreads;
        }
    }

    /// <summary>The intra-op thread count the host chose (or the default), applied by <see cref="EnsureConfigured"/>.</summary>
    public static int IntraOpThreads
    {
        get
        {
            lock (Gate)
            {
                return _intraOpThreads;
            }
        }
    }

    /// <summary>Applies the settings once per process; later calls return at once. Thread-safe.</summary>
    /// <exception cref="ConfigurationException">The referenced libtorch lacks the functions (another version).</exception>
    public static void EnsureConfigured()
    {
        if (Volatile.Read(ref _configured))
        {
            return;
        }

        lock (Gate)
        {
            if (_configured)
            {
                return;
            }

            // Loads libtorch through TorchSharp first, so the P/Invokes below resolve to the library it loaded.
            torch.InitializeDeviceType(DeviceType.CPU);
            try
            {
                IntPtr context = GlobalContext();
                SetUserEnabledMkldnn(context, false);
                SetUserEnabledNnpack(context, false);
            }
            catch (EntryPointNotFoundException e)
            {
                throw new ConfigurationException(
                    "This libtorch does not export the settings Auscult needs to turn off its oneDNN convolutions; use the libtorch version the project references.", e);
            }

            torch.set_num_threads(_intraOpThreads);
            Volatile.Write(ref _configured, true);
        }
    }

    /// <summary>Whether libtorch will use oneDNN (MKL-DNN) kernels; false once <see cref="EnsureConfigured"/> has run.</summary>
    public static bool OneDnnEnabled => UserEnabledMkldnn(GlobalContext());

    /// <summary>Whether libtorch will try NNPACK kernels; false once <see cref="EnsureConfigured"/> has run.</summary>
    public static bool NnpackEnabled => UserEnabledNnpack(GlobalContext());

    [DllImport(LibTorch, EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr GlobalContext();

    [DllImport(LibTorch, EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [DllImport(LibTorch, EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static extern void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [DllImport(LibTorch, EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool UserEnabledMkldnn(IntPtr context);

    [DllImport(LibTorch, EntryPoint = "_ZNK2at7Context17userEnabledNNPACKEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool UserEnabledNnpack(IntPtr context);
}
