namespace Udc.Hosting;

/// <summary>
/// How <c>serve</c> and <c>mcp</c> build their host. UDC reads no <c>appsettings.json</c> and serves no file from
/// disk, yet a default host watches its content root (the working directory) for configuration changes, and on Linux
/// that watch walks every directory below it: started from a large tree, the server took over 100 ms longer to
/// listen. The content root is the executable's folder and nothing is watched.
/// </summary>
internal static class UdcHostOptions
{
    /// <summary>No command-line argument reaches the host's configuration but this one; UDC parses its own.</summary>
    private static readonly string[] s_args = ["--hostBuilder:reloadConfigOnChange=false"];

    public static WebApplicationOptions WebOptions => new() { Args = s_args, ContentRootPath = AppContext.BaseDirectory };

    public static HostApplicationBuilderSettings Settings => new() { Args = s_args, ContentRootPath = AppContext.BaseDirectory };
}
