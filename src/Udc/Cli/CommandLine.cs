using System.Globalization;
using Udc.Engine.Generation;

namespace Udc.Cli;

/// <summary>
/// Parses udc's arguments into a <see cref="CommandLineOptions"/>. Pure: the environment comes in as a
/// lookup function and nothing is printed, so every rule is testable.
/// </summary>
internal static class CommandLine
{
    /// <summary>The exit code for an invalid command line, as in getopt-based tools.</summary>
    public const int UsageErrorExitCode = 2;

    public const string DefaultDataDir = "./data";
    public const string DefaultUrls = "http://127.0.0.1:8000";
    public const string DataDirVariable = "UDC_DATA_DIR";
    public const string AspNetCoreUrlsVariable = "ASPNETCORE_URLS";
    public const string UrlsVariable = "URLS";

    public static CommandLineOptions Parse(ReadOnlySpan<string> args, Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        if (args.IsEmpty)
        {
            return ParseServer(CliCommand.Serve, "serve", args, getEnvironmentVariable);
        }

        var verb = args[0];
        if (IsHelp(verb) || verb == "help")
        {
            return CommandLineOptions.Help;
        }

        if (verb == "--version")
        {
            return CommandLineOptions.Version;
        }

        if (verb.StartsWith('-'))
        {
            // Flags without a verb belong to the default verb.
            return ParseServer(CliCommand.Serve, "serve", args, getEnvironmentVariable);
        }

        var rest = args[1..];
        return verb switch
        {
            "serve" => ParseServer(CliCommand.Serve, verb, rest, getEnvironmentVariable),
            "mcp" => ParseServer(CliCommand.Mcp, verb, rest, getEnvironmentVariable),
            "generate" => ParseGenerate(rest),
            "health" => ParseHealth(rest, getEnvironmentVariable),
            _ => Fail($"unknown command '{verb}'"),
        };
    }

    private static CommandLineOptions ParseServer(CliCommand command, string verb, ReadOnlySpan<string> args, Func<string, string?> getEnvironmentVariable)
    {
        string? dataDir = null;
        string? configFile = null;
        string? urls = null;
        var insecure = false;

        for (var i = 0; i < args.Length; i++)
        {
            if (ReadFlag(args, ref i, verb, out var flag, out var value) is { } stop)
            {
                return stop;
            }

            switch (flag)
            {
                case "--data":
                    dataDir = value;
                    break;
                case "--config":
                    configFile = value;
                    break;
                case "--urls":
                    urls = value;
                    break;
                case "--insecure":
                    insecure = true;
                    break;
            }
        }

        dataDir ??= NonEmpty(getEnvironmentVariable(DataDirVariable)) ?? DefaultDataDir;

        // ASP.NET Core reads its own variables; they are resolved here too so the caller has one value to use.
        urls ??= NonEmpty(getEnvironmentVariable(AspNetCoreUrlsVariable))
            ?? NonEmpty(getEnvironmentVariable(UrlsVariable))
            ?? DefaultUrls;

        return CommandLineOptions.ForServer(command, new ServerOptions(dataDir, configFile, urls, insecure));
    }

    /// <summary>
    /// <c>udc health [--url URL]</c>. Without <c>--url</c>, the liveness endpoint of the first listen URL, with a
    /// wildcard host (<c>0.0.0.0</c>, <c>[::]</c>, <c>+</c>, <c>*</c>) asked on loopback.
    /// </summary>
    private static CommandLineOptions ParseHealth(ReadOnlySpan<string> args, Func<string, string?> getEnvironmentVariable)
    {
        string? url = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (ReadFlag(args, ref i, "health", out _, out var value) is { } stop)
            {
                return stop;
            }
            url = value;
        }
        if (url is null)
        {
            var listen = (NonEmpty(getEnvironmentVariable(AspNetCoreUrlsVariable)) ?? NonEmpty(getEnvironmentVariable(UrlsVariable)) ?? DefaultUrls).Split(';')[0];
            var wildcard = listen.IndexOf("://", StringComparison.Ordinal) + 3;
            var hostEnd = listen.LastIndexOf(':');
            if (wildcard > 2 && hostEnd > wildcard && listen[wildcard..hostEnd] is "0.0.0.0" or "[::]" or "+" or "*")
            {
                listen = listen[..wildcard] + "127.0.0.1" + listen[hostEnd..];
            }
            url = listen.TrimEnd('/') + "/health/live";
        }
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? CommandLineOptions.ForHealth(uri)
            : Fail($"'{url}' is not an http or https URL");
    }

    private static CommandLineOptions ParseGenerate(ReadOnlySpan<string> args)
    {
        string? outDir = null;
        var data = new DemoDataOptions();

        for (var i = 0; i < args.Length; i++)
        {
            if (ReadFlag(args, ref i, "generate", out var flag, out var value) is { } stop)
            {
                return stop;
            }

            switch (flag)
            {
                case "--out":
                    outDir = value;
                    break;
                case "--customers" when TryParseCount(value, DemoDataOptions.MaxRecords, out var customers):
                    data = data with { Customers = customers };
                    break;
                case "--tickets" when TryParseCount(value, DemoDataOptions.MaxRecords, out var tickets):
                    data = data with { Tickets = tickets };
                    break;
                case "--days" when TryParseCount(value, DemoDataOptions.MaxDays, out var days):
                    data = data with { Days = days };
                    break;
                case "--seed" when ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seed):
                    data = data with { Seed = seed };
                    break;
                case "--customers" or "--tickets":
                    return Fail($"option '{flag}' expects a whole number from 1 to {DemoDataOptions.MaxRecords}, got '{value}'");
                case "--days":
                    return Fail($"option '{flag}' expects a whole number from 1 to {DemoDataOptions.MaxDays}, got '{value}'");
                case "--seed":
                    return Fail($"option '{flag}' expects a whole number from 0 to {ulong.MaxValue}, got '{value}'");
            }
        }

        return outDir is null
            ? Fail("'generate' needs --out DIR")
            : CommandLineOptions.ForGenerate(new GenerateOptions(outDir, data));
    }

    /// <summary>
    /// Reads the flag at <paramref name="i"/> and, for a flag that takes one, its value (from <c>--flag=value</c>
    /// or the next argument, advancing <paramref name="i"/>). Returns null to go on, or the result to stop with:
    /// help, version, or an error.
    /// </summary>
    private static CommandLineOptions? ReadFlag(ReadOnlySpan<string> args, ref int i, string verb, out string flag, out string value)
    {
        var arg = args[i];
        value = "";
        if (IsHelp(arg))
        {
            flag = arg;
            return CommandLineOptions.Help;
        }

        if (arg == "--version")
        {
            flag = arg;
            return CommandLineOptions.Version;
        }

        var equals = arg.StartsWith("--", StringComparison.Ordinal) ? arg.IndexOf('=', StringComparison.Ordinal) : -1;
        flag = equals < 0 ? arg : arg[..equals];
        var inlineValue = equals < 0 ? null : arg[(equals + 1)..];

        if (!flag.StartsWith('-'))
        {
            return Fail($"unexpected argument '{arg}' for '{verb}'");
        }

        switch (TakesValue(verb, flag))
        {
            case null:
                return Fail($"unknown option '{flag}' for '{verb}'");
            case false when inlineValue is not null:
                return Fail($"option '{flag}' takes no value");
            case false:
                return null;
        }

        if (inlineValue is null && i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            inlineValue = args[++i];
        }

        if (string.IsNullOrEmpty(inlineValue))
        {
            return Fail($"option '{flag}' needs a value");
        }

        value = inlineValue;
        return null;
    }

    /// <summary>True for a flag with a value, false for a switch, null for a flag the verb does not know.</summary>
    private static bool? TakesValue(string verb, string flag) => (verb, flag) switch
    {
        ("serve" or "mcp", "--data" or "--config" or "--urls") => true,
        ("serve" or "mcp", "--insecure") => false,
        ("health", "--url") => true,
        ("generate", "--out" or "--customers" or "--tickets" or "--days" or "--seed") => true,
        _ => null,
    };

    private static bool TryParseCount(string text, int max, out int count) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count >= 1 && count <= max;

    private static bool IsHelp(string arg) => arg is "--help" or "-h";

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static CommandLineOptions Fail(string message) =>
        CommandLineOptions.Failure($"udc: {message}. Run 'udc --help'.");
}
