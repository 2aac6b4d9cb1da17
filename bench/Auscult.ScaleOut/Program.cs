using Auscult.ScaleOut;

// The database check after bench/scale-faults.sh (several `auscult serve` instances, loadgen and an agent over one
// mosquitto, faults injected): prints one JSON summary and exits 0 when nothing was lost, duplicated or judged wrong.
//   dotnet bench/Auscult.ScaleOut/bin/Release/net10.0/linux-x64/Auscult.ScaleOut.dll --database CONNECTION
//       [--loadgen RUN.json] [--agent-log AGENT.log --agent-machines PREFIX] [--events EVENTS.txt] [--instances N]
return await ScaleCheck.RunAsync(args, Console.Out);
