using Auscult.Cli;
using Auscult.Torch;

// The host sets libtorch's intra-op threads once, before any model is built or loaded: commands score clips on
// several workers at once, one thread each (applied lazily, so commands that never touch torch do not load it).
TorchRuntime.Configure(TorchThreads.Default);
return await AuscultCli.RunAsync(args, Console.Out, Console.Error);
