namespace Udc.Cli;

/// <summary>
/// The parsed command line: a <see cref="CliCommand"/> and the options that command needs. Reading the
/// options of another command is a bug in the caller and throws.
/// </summary>
internal sealed class CommandLineOptions
{
    private readonly ServerOptions? _server;
    private readonly GenerateOptions? _generate;
    private readonly string? _error;
    private readonly Uri? _healthUrl;

    private CommandLineOptions(CliCommand command, ServerOptions? server, GenerateOptions? generate, string? error, Uri? healthUrl = null)
    {
        Command = command;
        _server = server;
        _generate = generate;
        _error = error;
        _healthUrl = healthUrl;
    }

    public CliCommand Command { get; }

    /// <summary>The options of <see cref="CliCommand.Serve"/> and <see cref="CliCommand.Mcp"/>.</summary>
    public ServerOptions Server => _server ?? throw NotFor(nameof(Server));

    /// <summary>The options of <see cref="CliCommand.Generate"/>.</summary>
    public GenerateOptions Generate => _generate ?? throw NotFor(nameof(Generate));

    /// <summary>The URL <see cref="CliCommand.Health"/> asks.</summary>
    public Uri HealthUrl => _healthUrl ?? throw NotFor(nameof(HealthUrl));

    /// <summary>The one-line message of <see cref="CliCommand.Error"/>, ready for stderr.</summary>
    public string Error => _error ?? throw NotFor(nameof(Error));

    public static CommandLineOptions ForServer(CliCommand command, ServerOptions options) => new(command, options, null, null);

    public static CommandLineOptions ForGenerate(GenerateOptions options) => new(CliCommand.Generate, null, options, null);

    public static CommandLineOptions ForHealth(Uri url) => new(CliCommand.Health, null, null, null, url);

    public static CommandLineOptions Help { get; } = new(CliCommand.Help, null, null, null);

    public static CommandLineOptions Version { get; } = new(CliCommand.Version, null, null, null);

    public static CommandLineOptions Failure(string message) => new(CliCommand.Error, null, null, message);

    private InvalidOperationException NotFor(string property) =>
        new($"{property} is not set when the command is {Command}.");
}
