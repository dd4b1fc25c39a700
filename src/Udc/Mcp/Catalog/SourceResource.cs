using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Udc.Engine.Catalog;
using Udc.Engine.Describe;

namespace Udc.Mcp.Catalog;

/// <summary>
/// <c>udc://sources/{name}</c>: one source's schema (columns, types, values, ranges, operators) and freshness,
/// as describe_source returns it. One instance per loaded version of the source, so a reload is announced as a
/// changed resource list.
/// </summary>
internal sealed class SourceResource(SourceState state, Reading.SourceResolver sources, TimeProvider time) : McpServerResource
{
    public const string UriPrefix = "udc://sources/";

    public string SourceName => state.Name;

    public override ResourceTemplate ProtocolResourceTemplate => new()
    {
        UriTemplate = UriFor(state.Name),
        Name = state.Name,
        Title = $"Source {state.Name}",
        Description = Describe(),
        MimeType = SourceResourceContent.MimeType,
    };

    public override IReadOnlyList<object> Metadata => [];

    public static string UriFor(string name) => UriPrefix + Uri.EscapeDataString(name);

    /// <summary>The source a <c>udc://sources/{name}</c> URI names; null for any other URI.</summary>
    public static string? SourceOf(string uri) =>
        uri.StartsWith(UriPrefix, StringComparison.Ordinal) && uri.Length > UriPrefix.Length ? Uri.UnescapeDataString(uri[UriPrefix.Length..]) : null;

    /// <summary>True while this is the version of the source the catalog serves.</summary>
    public bool Describes(SourceCatalog current) => current.TryGet(state.Name, out var live) && ReferenceEquals(live, state);

    public override bool IsMatch(string uri) => uri == UriFor(state.Name);

    public override ValueTask<ReadResourceResult> ReadAsync(RequestContext<ReadResourceRequestParams> request, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(SourceResourceContent.Read(sources, state.Name, time.GetUtcNow(), request));

    /// <summary>"50 customers from customers.json, 6 columns; data fresh (just now)." The freshness is as of loading.</summary>
    private string Describe()
    {
        if (state.Snapshot is not { } snapshot)
        {
            return $"{state.Definition.FileName} did not load: {state.LastFailure?.Message}";
        }
        var now = time.GetUtcNow();
        return $"{Spoken.Number(snapshot.RowCount)} {snapshot.Noun.For(snapshot.RowCount)} from {state.Definition.FileName}, {snapshot.Table.Columns.Count} columns; "
            + $"data changed {Freshness.Describe(snapshot.FileModifiedAt, now)} ({Freshness.Staleness(snapshot.FileModifiedAt, now)}). Read it for the columns, their values and freshness.";
    }
}
