namespace Udc.Cli;

/// <summary>Options of the <c>serve</c> and <c>mcp</c> verbs, with defaults and environment already applied.</summary>
/// <param name="DataDir">Directory of the data files, as given (relative paths are not resolved).</param>
/// <param name="ConfigFile">Configuration file, or null when none was given.</param>
/// <param name="Urls">The ASP.NET Core listen URLs, semicolon-separated.</param>
/// <param name="Insecure">True when <c>--insecure</c> was given.</param>
internal sealed record ServerOptions(string DataDir, string? ConfigFile, string Urls, bool Insecure);
