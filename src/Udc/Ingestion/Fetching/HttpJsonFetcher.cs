using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Udc.Ingestion.Connectors;
using Udc.Ingestion.Storage;

namespace Udc.Ingestion.Fetching;

/// <summary>
/// Pages through an HTTP JSON API: records at a JSON pointer, pages by number, offset, a cursor in the body or the
/// <c>Link</c> header. A fresh run's first request is conditional on the last run's validators, and asks only for
/// records past the last complete run's high-water mark; a resumed run asks exactly what the interrupted one did.
/// </summary>
internal static partial class HttpJsonFetcher
{
    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = 64 };

    public static async IAsyncEnumerable<FetchedPage> FetchAsync(UpstreamClient upstream, IngestCheckpoint checkpoint, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var connector = upstream.Connector;
        var pagination = connector.Pagination;
        var resumed = checkpoint.Resume is not null;
        var position = checkpoint.Resume ?? new ResumePosition
        {
            Page = pagination.Start,
            Offset = pagination.Start,
            Since = checkpoint.HighWater,
        };
        var highWater = position.PendingHighWater;
        for (var done = 0; done < connector.MaxPages; done++)
        {
            var pageNumber = position.PagesDone + 1;
            var url = position.NextUrl is { } next ? new Uri(next) : PageUrl(connector, position);
            var conditional = !resumed && done == 0 && connector.Conditional;
            var response = await upstream.GetAsync(url, pageNumber, request =>
            {
                if (conditional && checkpoint.ETag is { } etag)
                {
                    request.Headers.TryAddWithoutValidation("If-None-Match", etag);
                }
                if (conditional && checkpoint.LastModified is { } since)
                {
                    request.Headers.TryAddWithoutValidation("If-Modified-Since", since);
                }
            }, cancellationToken);
            var page = new FetchedPage { Requests = 1, ETag = response.ETag, LastModified = response.LastModified };
            if (response.NotModified)
            {
                page.NotModified = true;
                yield return page;
                yield break;
            }
            var (count, cursor) = ReadRecords(response.Body, connector, pageNumber, page, ref highWater);
            position = NextPosition(position, pagination, count, cursor, response.Link, url) is { } following
                ? following with { PagesDone = pageNumber, PendingHighWater = highWater }
                : null!;
            page.Next = position;
            page.HighWater = highWater;
            yield return page;
            if (position is null)
            {
                yield break;
            }
        }
    }

    private static Uri PageUrl(ConnectorDefinition connector, ResumePosition position)
    {
        var query = new StringBuilder(connector.Url!.Query.TrimStart('?'));
        void Add(string name, string value)
        {
            query.Append(query.Length == 0 ? "" : "&").Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }
        if (connector.Incremental is { } incremental && position.Since is { } since)
        {
            Add(incremental.Param, since);
        }
        var pagination = connector.Pagination;
        switch (pagination.Kind)
        {
            case PaginationKind.Page:
                Add(pagination.Param, position.Page.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case PaginationKind.Offset:
                Add(pagination.Param, position.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case PaginationKind.Cursor when position.Cursor is { } cursor:
                Add(pagination.Param, cursor);
                break;
        }
        if (pagination.SizeParam is { } sizeParam && pagination.Size > 0)
        {
            Add(sizeParam, pagination.Size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return new UriBuilder(connector.Url) { Query = query.ToString() }.Uri;
    }

    /// <summary>Where the next page starts, or null when this page was the last.</summary>
    private static ResumePosition? NextPosition(ResumePosition current, Pagination pagination, int count, string? cursor, string? link, Uri url)
    {
        switch (pagination.Kind)
        {
            case PaginationKind.Page:
                return count == 0 || pagination.Size > 0 && count < pagination.Size ? null : current with { Page = current.Page + 1 };
            case PaginationKind.Offset:
                return count < pagination.Size ? null : current with { Offset = current.Offset + count };
            case PaginationKind.Cursor:
                return string.IsNullOrEmpty(cursor) || cursor == current.Cursor ? null : current with { Cursor = cursor };
            case PaginationKind.Link:
                return LinkHeader.Next(link, url) is { } next && next.AbsoluteUri != url.AbsoluteUri ? current with { NextUrl = next.AbsoluteUri } : null;
            default:
                return null;
        }
    }
}
