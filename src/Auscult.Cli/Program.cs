using Auscult.Cli;

return await AuscultCli.RunAsync(args, Console.Out, Console.Error);
