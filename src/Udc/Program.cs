using Udc.Cli;
using Udc.Hosting;
using Udc.Mcp;

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
    case CliCommand.Health:
        return await HealthCommand.RunAsync(parsed.HealthUrl, Console.Error);
    case CliCommand.Mcp:
        return await McpCommand.RunAsync(parsed.Server);
    default:
        return await ServeCommand.RunAsync(parsed.Server);
}
