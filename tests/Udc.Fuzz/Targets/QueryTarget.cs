using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Udc.Engine.Query;
using Udc.Features.Data;

namespace Udc.Fuzz.Targets;

/// <summary>
/// The query string of <c>/data/{source}</c>, as bytes a client sends: read, bound to the support source (filters,
/// operators, sort, fields, paging), run, and the page written. Every mistake must be a validation issue.
/// </summary>
internal sealed class QueryTarget : FuzzTarget
{
    private static readonly DateTimeOffset s_now = new(2024, 4, 1, 0, 0, 0, TimeSpan.Zero);

    public override string Name => "query";

    public override void Run(ReadOnlySpan<byte> input)
    {
        var snapshot = DemoSnapshots.Get("support");
        var issues = new List<ValidationIssue>();
        var request = QueryStringRequest.Read(QueryHelpers.ParseQuery(Encoding.UTF8.GetString(input)), null, issues);
        var parsed = QueryBinder.Bind(snapshot, request, RequestOrigin.QueryString, issues);
        if (parsed.Spec is not { } spec)
        {
            return;
        }
        using var result = QueryExecutor.Execute(snapshot, spec);
        using var writer = new Utf8JsonWriter(new ArrayBufferWriter<byte>());
        PageResponse.Write(writer, result, s_now);
    }
}
