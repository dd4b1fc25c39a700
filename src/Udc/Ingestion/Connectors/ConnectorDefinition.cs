using Udc.Background;
using Udc.Outbound;

namespace Udc.Ingestion.Connectors;

/// <summary>What a connector reads from.</summary>
internal enum ConnectorKind
{
    /// <summary>An HTTP API answering JSON, possibly in pages.</summary>
    HttpJson,

    /// <summary>A CSV file, local (in the data folder) or over HTTP.</summary>
    Csv,

    /// <summary>An RSS 2.0 or Atom feed.</summary>
    Feed,
}

/// <summary>How an HTTP JSON API hands out its records a page at a time.</summary>
internal enum PaginationKind
{
    None,
    Page,
    Offset,
    Cursor,
    Link,
}

/// <summary>
/// A checked connector: every field valid, secrets resolved from the environment (held here in memory only,
/// never written to the database or a log).
/// </summary>
/// <param name="Name">The source name it is served under (<c>/data/{name}</c>).</param>
/// <param name="Url">The API, CSV or feed URL; null for a local CSV file.</param>
/// <param name="LocalPath">A CSV file in the data folder (absolute); null for a URL.</param>
/// <param name="IdFields">The field(s) that identify a record upstream; several are joined into one id.</param>
/// <param name="Schedule">When runs come due; null for runs at start and on demand only.</param>
/// <param name="RequestsPerSecond">The outbound rate limit; 0 is none.</param>
internal sealed record ConnectorDefinition(
    string Name,
    ConnectorKind Kind,
    Uri? Url,
    string? LocalPath,
    HttpMethod Method,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string RecordsPointer,
    IReadOnlyList<string> IdFields,
    Pagination Pagination,
    Incremental? Incremental,
    bool Conditional,
    Schedule? Schedule,
    bool RunAtStart,
    OutboundAddressPolicy Addresses,
    TimeSpan Timeout,
    int RequestsPerSecond,
    IReadOnlyList<string> RequiredFields,
    bool FailOnDrift,
    int MaxPages,
    long MaxBytes,
    CsvLayout Csv,
    string? Noun,
    string? TimeColumn)
{
    /// <summary>The column a record's id is served in: the id field itself, or <c>_id</c> for a composite id.</summary>
    public string IdColumn => IdFields.Count == 1 ? IdFields[0] : "_id";

    /// <summary>Names of headers whose values come from the environment, so they can be masked anywhere they appear.</summary>
    public IReadOnlySet<string> SecretHeaderNames { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
}

/// <param name="Param">The query parameter carrying the page number, offset or cursor.</param>
/// <param name="Start">The first page number (page) or offset (offset).</param>
/// <param name="SizeParam">The query parameter carrying the page size, if the API takes one.</param>
/// <param name="Size">Records per page: a page with fewer is the last (page and offset).</param>
/// <param name="NextPointer">Cursor pagination: where the next cursor is in the body; absent or empty ends the run.</param>
internal sealed record Pagination(PaginationKind Kind, string Param, long Start, string? SizeParam, int Size, string? NextPointer)
{
    public static readonly Pagination None = new(PaginationKind.None, "", 0, null, 0, null);
}

/// <summary>Asks only for what changed: <c>{Param}={highest Field seen by the last complete run}</c>.</summary>
internal sealed record Incremental(string Param, string Field);

/// <summary>How a CSV file is laid out.</summary>
internal sealed record CsvLayout(bool Header, char Delimiter, System.Text.Encoding Encoding)
{
    public static readonly CsvLayout Default = new(true, ',', System.Text.Encoding.UTF8);
}
