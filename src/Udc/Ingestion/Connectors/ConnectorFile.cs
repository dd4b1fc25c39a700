using System.Text.Json;
using Udc.Engine.Database;
using Udc.Outbound;

namespace Udc.Ingestion.Connectors;

/// <summary>
/// Reads and checks the connectors file, UDC's one file of declared sources: <c>connectors</c> pulled into memory
/// and <c>databases</c> served where they live. Every problem is named at once, each with the section, name and field
/// it is in (<c>connectors.orders.url: ...</c>, <c>databases.sales.table: ...</c>). A connector with a problem is left
/// out and reported, and the others run; a database source with a problem, a file that is not JSON, or a leftover
/// <c>databases.jsonc</c> stops the start, since a source silently missing would answer 404 to every client.
/// </summary>
internal static partial class ConnectorFile
{
    public const string DefaultFileName = "connectors.jsonc";

    /// <summary>A name fits a URL segment and a source name: lower-case letters, digits, '_' and '-', up to 64.</summary>
    public const int MaxNameLength = 64;

    /// <summary>Database sources were once declared in their own file; one left behind is named, never ignored.</summary>
    public const string RetiredDatabaseFileName = "databases.jsonc";

    public static ConnectorSet Read(string path, string dataDirectory, Func<string, string?> environment)
    {
        var startErrors = new List<string>();
        if (File.Exists(Path.Combine(dataDirectory, RetiredDatabaseFileName)))
        {
            startErrors.Add($"{RetiredDatabaseFileName}: database sources are declared in {Path.GetFileName(path)} under \"{DatabaseSourceConfig.Section}\" now; move its \"sources\" there");
        }
        if (!File.Exists(path))
        {
            return ConnectorSet.Empty with { StartErrors = startErrors };
        }
        ConnectorFileModel? file;
        try
        {
            file = JsonSerializer.Deserialize(File.ReadAllBytes(path), ConnectorJsonContext.Default.ConnectorFileModel);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            startErrors.Add($"{Path.GetFileName(path)}: {e.Message}");
            return ConnectorSet.Empty with { StartErrors = startErrors };
        }
        var definitions = new List<ConnectorDefinition>();
        var problems = new List<ConnectorProblem>();
        foreach (var (name, element) in file?.Connectors ?? [])
        {
            var errors = new List<string>();
            var definition = ReadOne(name, element, dataDirectory, environment, errors);
            if (errors.Count == 0 && definition is not null)
            {
                definitions.Add(definition);
            }
            else
            {
                problems.AddRange(errors.Select(e => new ConnectorProblem(name, $"connectors.{name}.{e}")));
            }
        }
        var databases = new List<DatabaseSourceDefinition>();
        foreach (var (name, element) in file?.Databases ?? [])
        {
            if (file?.Connectors?.ContainsKey(name) == true)
            {
                startErrors.Add($"{DatabaseSourceConfig.Section}.{name}.name: a connector has this name too; a source name is served once");
            }
            else if (DatabaseSourceConfig.Read(name, element, dataDirectory, environment, startErrors) is { } database)
            {
                databases.Add(database);
            }
        }
        return new ConnectorSet(definitions, problems) { Databases = databases, StartErrors = startErrors };
    }

    private static ConnectorDefinition? ReadOne(string name, JsonElement element, string dataDirectory, Func<string, string?> environment, List<string> errors)
    {
        if (!IsValidName(name))
        {
            errors.Add($"name: must be 1 to {MaxNameLength} lower-case letters, digits, '_' or '-'");
        }
        ConnectorModel? model;
        try
        {
            model = element.Deserialize(ConnectorJsonContext.Default.ConnectorModel);
        }
        catch (JsonException e)
        {
            errors.Add($"{e.Path?.TrimStart('$', '.') ?? "value"}: {e.Message}");
            return null;
        }
        if (model is null)
        {
            errors.Add("value: must be an object");
            return null;
        }
        var kind = model.Type switch
        {
            "http_json" => ConnectorKind.HttpJson,
            "csv" => ConnectorKind.Csv,
            "rss" or "atom" or "feed" => ConnectorKind.Feed,
            _ => (ConnectorKind?)null,
        };
        if (kind is null)
        {
            errors.Add($"type: must be http_json, csv or feed (rss and atom are read alike), got '{model.Type}'");
            return null;
        }
        var (url, localPath) = ReadLocation(model, kind.Value, dataDirectory, errors);
        var headers = ReadHeaders(model, environment, errors, out var secretNames);
        var idFields = ReadIdFields(model, kind.Value, errors);
        var addresses = ReadAddresses(model, url, errors);
        var definition = new ConnectorDefinition(
            name,
            kind.Value,
            url,
            localPath,
            ReadMethod(model.Method, errors),
            headers,
            ReadPointer(model.Records ?? "", "records", errors),
            idFields,
            kind == ConnectorKind.HttpJson ? ReadPagination(model.Pagination, errors) : Pagination.None,
            ReadIncremental(model.Incremental, errors),
            model.Conditional ?? true,
            ReadSchedule(model.Schedule, errors),
            model.RunAtStart ?? true,
            addresses,
            ReadTimeout(model.TimeoutSeconds, errors),
            ReadRate(model.RequestsPerSecond, errors),
            model.RequiredFields ?? [],
            model.FailOnDrift ?? false,
            ReadRange(model.MaxPages, "max_pages", 10_000, 1, 1_000_000, errors),
            ReadMaxBytes(model.MaxBytes, errors),
            ReadCsv(model, errors),
            model.Noun,
            model.TimeColumn)
        {
            SecretHeaderNames = secretNames,
        };
        if (kind != ConnectorKind.HttpJson && (model.Pagination is not null || model.Records is not null))
        {
            errors.Add("pagination: only http_json connectors have pages and a records pointer");
        }
        return definition;
    }

    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= MaxNameLength && name.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' or '-');

    private static (Uri? Url, string? LocalPath) ReadLocation(ConnectorModel model, ConnectorKind kind, string dataDirectory, List<string> errors)
    {
        if (model.Url is not null && model.Path is not null)
        {
            errors.Add("path: give either url or path, not both");
            return (null, null);
        }
        if (model.Path is not null)
        {
            if (kind != ConnectorKind.Csv)
            {
                errors.Add("path: only a csv connector reads a local file; give url");
                return (null, null);
            }
            var full = Path.GetFullPath(Path.Combine(dataDirectory, model.Path));
            var root = Path.GetFullPath(dataDirectory) + Path.DirectorySeparatorChar;
            if (!full.StartsWith(root, StringComparison.Ordinal))
            {
                errors.Add("path: must name a file inside the data folder");
                return (null, null);
            }
            return (null, full);
        }
        if (model.Url is null)
        {
            errors.Add(kind == ConnectorKind.Csv ? "url: give url or path" : "url: required");
            return (null, null);
        }
        if (!Uri.TryCreate(model.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            errors.Add("url: must be an absolute http or https URL");
            return (null, null);
        }
        return (url, null);
    }

    private static OutboundAddressPolicy ReadAddresses(ConnectorModel model, Uri? url, List<string> errors)
    {
        var hosts = new List<string>(model.AllowHosts ?? []);
        if (url is not null && model.AllowHosts is null)
        {
            hosts.Add(url.IdnHost);
        }
        else if (url is not null && !hosts.Contains(url.IdnHost, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"allow_hosts: must include the host of url, '{url.IdnHost}'");
        }
        var networks = new List<System.Net.IPNetwork>();
        foreach (var text in model.AllowAddresses ?? [])
        {
            if (OutboundAddressPolicy.ParseNetwork(text) is { } network)
            {
                networks.Add(network);
            }
            else
            {
                errors.Add($"allow_addresses: '{text}' is not an IP address or a CIDR network");
            }
        }
        return new OutboundAddressPolicy(hosts, networks);
    }
}

/// <summary>
/// The connectors that passed their checks and every problem found in the others; the database sources, and the
/// problems that stop the start (<see cref="StartErrors"/>).
/// </summary>
internal sealed record ConnectorSet(IReadOnlyList<ConnectorDefinition> Connectors, IReadOnlyList<ConnectorProblem> Problems)
{
    public static readonly ConnectorSet Empty = new([], []);

    public IReadOnlyList<DatabaseSourceDefinition> Databases { get; init; } = [];

    public IReadOnlyList<string> StartErrors { get; init; } = [];
}

/// <summary>A problem in the connectors file; <see cref="Connector"/> is null for one in the file as a whole.</summary>
internal sealed record ConnectorProblem(string? Connector, string Message);
