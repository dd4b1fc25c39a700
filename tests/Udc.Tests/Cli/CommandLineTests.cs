using Udc.Cli;
using Udc.Engine.Generation;

namespace Udc.Tests.Cli;

public sealed class CommandLineTests
{
    private static readonly Func<string, string?> s_noEnvironment = _ => null;

    [Fact]
    public void Parse_NoArguments_ServeWithDefaults()
    {
        var parsed = CommandLine.Parse([], s_noEnvironment);

        Assert.Equal(CliCommand.Serve, parsed.Command);
        Assert.Equal(new ServerOptions("./data", null, "http://127.0.0.1:8000", false), parsed.Server);
    }

    [Theory]
    [InlineData("serve", nameof(CliCommand.Serve))]
    [InlineData("mcp", nameof(CliCommand.Mcp))]
    public void Parse_ServerVerbAlone_Defaults(string verb, string expected)
    {
        var parsed = CommandLine.Parse([verb], s_noEnvironment);

        Assert.Equal(expected, parsed.Command.ToString());
        Assert.Equal(new ServerOptions("./data", null, "http://127.0.0.1:8000", false), parsed.Server);
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("mcp")]
    public void Parse_EveryServerFlag_AllApplied(string verb)
    {
        var parsed = CommandLine.Parse(
            [verb, "--data", "/srv/data", "--config", "udc.json", "--urls", "http://0.0.0.0:9000", "--insecure"],
            s_noEnvironment);

        Assert.Equal(new ServerOptions("/srv/data", "udc.json", "http://0.0.0.0:9000", true), parsed.Server);
    }

    [Fact]
    public void Parse_FlagsWithoutVerb_Serve()
    {
        var parsed = CommandLine.Parse(["--insecure", "--data", "d"], s_noEnvironment);

        Assert.Equal(CliCommand.Serve, parsed.Command);
        Assert.Equal(new ServerOptions("d", null, "http://127.0.0.1:8000", true), parsed.Server);
    }

    [Fact]
    public void Parse_EqualsForm_SameAsSeparateValue()
    {
        var parsed = CommandLine.Parse(["serve", "--data=/srv/data", "--config=a=b.json", "--urls=http://localhost:1;http://localhost:2"], s_noEnvironment);

        Assert.Equal(new ServerOptions("/srv/data", "a=b.json", "http://localhost:1;http://localhost:2", false), parsed.Server);
    }

    [Fact]
    public void Parse_DataDirVariableSet_UsedAsDefault()
    {
        var parsed = CommandLine.Parse([], Environment(("UDC_DATA_DIR", "/env/data")));

        Assert.Equal("/env/data", parsed.Server.DataDir);
    }

    [Fact]
    public void Parse_DataFlagAndVariable_FlagWins()
    {
        var parsed = CommandLine.Parse(["--data", "/flag/data"], Environment(("UDC_DATA_DIR", "/env/data")));

        Assert.Equal("/flag/data", parsed.Server.DataDir);
    }

    [Fact]
    public void Parse_EmptyDataDirVariable_Ignored()
    {
        var parsed = CommandLine.Parse([], Environment(("UDC_DATA_DIR", " ")));

        Assert.Equal("./data", parsed.Server.DataDir);
    }

    [Theory]
    [InlineData(null, null, "http://127.0.0.1:8000")]
    [InlineData("http://+:5000", null, "http://+:5000")]
    [InlineData(null, "http://+:6000", "http://+:6000")]
    [InlineData("http://+:5000", "http://+:6000", "http://+:5000")]
    public void Parse_UrlVariables_AspNetCoreUrlsThenUrlsThenDefault(string? aspNetCoreUrls, string? urls, string expected)
    {
        var parsed = CommandLine.Parse(["mcp"], Environment(("ASPNETCORE_URLS", aspNetCoreUrls), ("URLS", urls)));

        Assert.Equal(expected, parsed.Server.Urls);
    }

    [Fact]
    public void Parse_UrlsFlagAndVariable_FlagWins()
    {
        var parsed = CommandLine.Parse(["--urls", "http://localhost:1"], Environment(("ASPNETCORE_URLS", "http://+:5000")));

        Assert.Equal("http://localhost:1", parsed.Server.Urls);
    }

    [Fact]
    public void Parse_RepeatedFlag_LastWins()
    {
        var parsed = CommandLine.Parse(["--data", "a", "--data=b"], s_noEnvironment);

        Assert.Equal("b", parsed.Server.DataDir);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    [InlineData("serve", "--help")]
    [InlineData("mcp", "--data", "d", "-h")]
    [InlineData("generate", "--help")]
    public void Parse_HelpRequested_Help(params string[] args)
    {
        Assert.Equal(CliCommand.Help, CommandLine.Parse(args, s_noEnvironment).Command);
    }

    [Theory]
    [InlineData("--version")]
    [InlineData("serve", "--version")]
    public void Parse_VersionRequested_Version(params string[] args)
    {
        Assert.Equal(CliCommand.Version, CommandLine.Parse(args, s_noEnvironment).Command);
    }

    [Fact]
    public void Parse_GenerateWithOutOnly_DemoDefaults()
    {
        var parsed = CommandLine.Parse(["generate", "--out", "demo"], s_noEnvironment);

        Assert.Equal(CliCommand.Generate, parsed.Command);
        Assert.Equal(new GenerateOptions("demo", new DemoDataOptions { Customers = 50, Tickets = 50, Days = 30, Seed = 42 }), parsed.Generate);
    }

    [Fact]
    public void Parse_GenerateEveryFlag_AllApplied()
    {
        var parsed = CommandLine.Parse(
            ["generate", "--out=demo", "--customers", "7", "--tickets=1000000", "--days", "365", "--seed=0"],
            s_noEnvironment);

        Assert.Equal(new GenerateOptions("demo", new DemoDataOptions { Customers = 7, Tickets = 1_000_000, Days = 365, Seed = 0 }), parsed.Generate);
    }

    [Fact]
    public void Parse_GenerateLargestSeed_Accepted()
    {
        var parsed = CommandLine.Parse(["generate", "--out", "o", "--seed", "18446744073709551615"], s_noEnvironment);

        Assert.Equal(ulong.MaxValue, parsed.Generate.Data.Seed);
    }

    [Theory]
    [InlineData("'--foo'", "serve", "--foo")]
    [InlineData("'--foo'", "--foo")]
    [InlineData("'-x'", "mcp", "-x")]
    [InlineData("'--out'", "serve", "--out", "d")]
    [InlineData("'--data'", "generate", "--out", "d", "--data", "x")]
    [InlineData("'--data'", "serve", "--data")]
    [InlineData("'--data'", "serve", "--data=")]
    [InlineData("'--data'", "serve", "--data", "--insecure")]
    [InlineData("'--urls'", "--urls")]
    [InlineData("'--insecure'", "--insecure=yes")]
    [InlineData("'extra'", "serve", "extra")]
    [InlineData("'frobnicate'", "frobnicate")]
    [InlineData("--out", "generate")]
    [InlineData("--out", "generate", "--customers", "5")]
    [InlineData("'--out'", "generate", "--out")]
    [InlineData("'--customers'", "generate", "--out", "d", "--customers", "abc")]
    [InlineData("'--customers'", "generate", "--out", "d", "--customers", "0")]
    [InlineData("'--customers'", "generate", "--out", "d", "--customers=-5")]
    [InlineData("'--customers'", "generate", "--out", "d", "--customers", "10000001")]
    [InlineData("'--tickets'", "generate", "--out", "d", "--tickets", "99999999999")]
    [InlineData("'--tickets'", "generate", "--out", "d", "--tickets", "1.5")]
    [InlineData("'--days'", "generate", "--out", "d", "--days", "0")]
    [InlineData("'--days'", "generate", "--out", "d", "--days", "3651")]
    [InlineData("'--seed'", "generate", "--out", "d", "--seed", "-1")]
    [InlineData("'--seed'", "generate", "--out", "d", "--seed", "18446744073709551616")]
    [InlineData("'--seed'", "generate", "--out", "d", "--seed", " 4")]
    public void Parse_InvalidArguments_OneLineErrorNamingTheCulprit(string culprit, params string[] args)
    {
        var parsed = CommandLine.Parse(args, s_noEnvironment);

        Assert.Equal(CliCommand.Error, parsed.Command);
        Assert.StartsWith("udc: ", parsed.Error, StringComparison.Ordinal);
        Assert.EndsWith(" Run 'udc --help'.", parsed.Error, StringComparison.Ordinal);
        Assert.Contains(culprit, parsed.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', parsed.Error);
    }

    [Fact]
    public void Parse_UnknownOption_MessageNamesOptionAndVerb()
    {
        var parsed = CommandLine.Parse(["serve", "--foo"], s_noEnvironment);

        Assert.Equal("udc: unknown option '--foo' for 'serve'. Run 'udc --help'.", parsed.Error);
        Assert.Equal(2, CommandLine.UsageErrorExitCode);
    }

    [Fact]
    public void Parse_ErrorResult_OptionsOfOtherCommandsThrow()
    {
        var parsed = CommandLine.Parse(["frobnicate"], s_noEnvironment);

        Assert.Throws<InvalidOperationException>(() => parsed.Server);
        Assert.Throws<InvalidOperationException>(() => parsed.Generate);
    }

    [Fact]
    public void Parse_ServeResult_ErrorThrows()
    {
        var parsed = CommandLine.Parse([], s_noEnvironment);

        Assert.Throws<InvalidOperationException>(() => parsed.Error);
    }

    [Fact]
    public void Parse_EnvironmentLookup_OnlyKnownVariablesRead()
    {
        var asked = new List<string>();

        CommandLine.Parse(["serve"], name =>
        {
            asked.Add(name);
            return null;
        });

        Assert.Equal(["UDC_DATA_DIR", "ASPNETCORE_URLS", "URLS"], asked);
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("mcp")]
    [InlineData("generate")]
    [InlineData("--data DIR")]
    [InlineData("--config FILE")]
    [InlineData("--urls URLS")]
    [InlineData("--insecure")]
    [InlineData("--out DIR")]
    [InlineData("--customers N")]
    [InlineData("--tickets N")]
    [InlineData("--days N")]
    [InlineData("--seed S")]
    [InlineData("--help")]
    [InlineData("--version")]
    [InlineData("UDC_DATA_DIR")]
    [InlineData("ASPNETCORE_URLS")]
    [InlineData("./data")]
    [InlineData("http://127.0.0.1:8000")]
    [InlineData("Default: 42")]
    public void HelpText_Usage_ListsVerbFlagDefaultOrVariable(string expected)
    {
        Assert.Contains(expected, HelpText.Usage, StringComparison.Ordinal);
    }

    [Fact]
    public void GenerateCommand_Run_WritesFilesAndPrintsOneLine()
    {
        var dir = Directory.CreateTempSubdirectory("udc-cli-");
        try
        {
            var outDir = Path.Combine(dir.FullName, "demo");
            var stdout = new StringWriter();

            var exitCode = GenerateCommand.Run(new GenerateOptions(outDir, new DemoDataOptions { Customers = 3, Tickets = 4, Days = 2 }), stdout);

            Assert.Equal(0, exitCode);
            Assert.True(File.Exists(Path.Combine(outDir, DemoDataGenerator.CustomersFileName)));
            Assert.True(File.Exists(Path.Combine(outDir, DemoDataGenerator.TicketsFileName)));
            Assert.True(File.Exists(Path.Combine(outDir, DemoDataGenerator.AnalyticsFileName)));
            var output = stdout.ToString();
            Assert.Equal(output.TrimEnd().Length, output.TrimEnd('\r', '\n').Length);
            Assert.Single(output.TrimEnd().Split('\n'));
            Assert.Contains("3 customers", output, StringComparison.Ordinal);
            Assert.Contains("4 support tickets", output, StringComparison.Ordinal);
            Assert.Contains("10 analytics rows", output, StringComparison.Ordinal);
            Assert.Contains(outDir, output, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static Func<string, string?> Environment(params (string Name, string? Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
