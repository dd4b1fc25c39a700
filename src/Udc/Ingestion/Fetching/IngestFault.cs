using System.Net;

namespace Udc.Ingestion.Fetching;

/// <summary>What an injected fault does in place of the upstream's answer.</summary>
internal enum IngestFaultKind
{
    /// <summary>A 500, as a failing upstream answers.</summary>
    Fail,

    /// <summary>No answer at all, until the connector's timeout.</summary>
    Stall,

    /// <summary>A 200 whose body is not JSON (nor CSV, nor XML).</summary>
    Garbage,
}

/// <summary>
/// A fault for drills and tests (<c>UDC_INGEST_FAULTS=orders:3:fail</c>): the connector's request for that page of
/// every run gets the fault instead of the upstream's answer.
/// </summary>
internal sealed record IngestFault(string Connector, int Page, IngestFaultKind Kind)
{
    private static readonly byte[] s_garbage = "{\"records\": [{\"id\": 1, \"na\u0000"u8.ToArray();

    public async Task<UpstreamResponse> ApplyAsync(int page, CancellationToken cancellationToken)
    {
        switch (Kind)
        {
            case IngestFaultKind.Fail:
                throw new UpstreamStatusException(page, HttpStatusCode.InternalServerError, null);
            case IngestFaultKind.Stall:
                await Task.Delay(Timeout.Infinite, cancellationToken);
                throw new OperationCanceledException(cancellationToken);
            default:
                return new UpstreamResponse(HttpStatusCode.OK, s_garbage, null, null, null, null);
        }
    }

    /// <summary>Reads <c>name:page:kind</c> entries separated by commas; each bad entry is named in <paramref name="errors"/>.</summary>
    public static List<IngestFault> ParseList(string? text, List<string> errors)
    {
        var faults = new List<IngestFault>();
        foreach (var entry in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split(':');
            IngestFaultKind? kind = parts.Length == 3 ? parts[2] switch
            {
                "fail" => IngestFaultKind.Fail,
                "stall" => IngestFaultKind.Stall,
                "garbage" => IngestFaultKind.Garbage,
                _ => null,
            } : null;
            if (kind is null || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var page) || page < 1)
            {
                errors.Add($"UDC_INGEST_FAULTS: '{entry}' must be connector:page:fail|stall|garbage with a page from 1");
                continue;
            }
            faults.Add(new IngestFault(parts[0], page, kind.Value));
        }
        return faults;
    }
}
