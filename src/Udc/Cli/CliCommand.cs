namespace Udc.Cli;

/// <summary>What the command line asks udc to do.</summary>
internal enum CliCommand
{
    /// <summary>Run the HTTP API (the default when no verb is given).</summary>
    Serve,

    /// <summary>Run the MCP server.</summary>
    Mcp,

    /// <summary>Write the demo data set and exit.</summary>
    Generate,

    /// <summary>Ask a running server's liveness endpoint; exit 0 when it answers 200 (a container's health check).</summary>
    Health,

    /// <summary>Print the help text and exit 0.</summary>
    Help,

    /// <summary>Print the version and exit 0.</summary>
    Version,

    /// <summary>The command line is invalid: print the error to stderr and exit 2.</summary>
    Error,
}
