using Udc.Cli;
using Udc.Hosting;

var parsed = CommandLine.Parse(args, Environment.GetEnvironmentVariable);
switch (parsed.Command)
{
    case CliCommand.Help:
        Console.Out.Write(HelpText.Usage);
        return 0;
    case CliCommand.Version:
        Console.Out.WriteLine($"udc {UdcVersion.Current}");
        return 0;
    case CliCommand.Error:
        Console.Error.WriteLine(parsed.Error);
        return CommandLine.UsageErrorExitCode;
    case CliCommand.Generate:
        return GenerateCommand.Run(parsed.Generate, Console.Out);
    case CliCommand.Mcp:
        Console.Error.WriteLine("udc: the mcp command is not available in this build. Run 'udc --help'.");
        return CommandLine.UsageErrorExitCode;
    default:
        return await ServeCommand.RunAsync(parsed.Server);
}
