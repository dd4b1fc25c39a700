using System.Globalization;
using Udc.Access;
using Udc.Engine.Catalog;
using Udc.Engine.Query;
using Udc.Features.Data;
using Udc.Hosting;
using Udc.Reading;

namespace Udc.Features.Export;

/// <summary>
/// <c>/export/{source}?export_format=csv|xlsx|ndjson</c>: every row a /data query matches, in its order and
/// with its fields, as a file. The route group follows /data's conventions (a <c>{source}</c> route value, the
/// default access policy), so what guards /data (API keys, source allow-lists, rate limits) guards exports.
/// </summary>
internal static class ExportApi
{
    private static readonly HashSet<string> s_reserved = [ExportFormats.Parameter];

    /// <summary>Paging parameters of /data: an export is the whole result, so they are refused rather than ignored.</summary>
    private static readonly string[] s_notForExports = [QueryParameters.Page, QueryParameters.PageSize, QueryParameters.Stream];

    public static IEndpointRouteBuilder MapExportApi(this IEndpointRouteBuilder app)
    {
        // Exports are reads of a source like /data: keys, allow-lists and rate limits apply the same way.
        var export = app.MapGroup("/export").RequireSourceAccess();
        export.MapGet("/{source}", GetExport);
        return app;
    }

    private static IResult GetExport(string source, HttpContext context, SourceResolver sources, ExportSettings settings, TimeProvider time)
    {
        var query = context.Request.Query;
        var readIssues = new List<ValidationIssue>();
        var request = QueryStringRequest.Read(query, s_reserved, readIssues);
        if (!sources.TryResolve(source, SourceAccess.IdentityOf(context), DataApi.SourceLocation, request, RequestOrigin.QueryString, out var snapshot, out var error))
        {
            return ApiError.From(error);
        }
        var parsed = QueryBinder.Bind(snapshot, request, RequestOrigin.QueryString, readIssues);
        var issues = new List<ValidationIssue>(parsed.Issues);
        var format = ParseFormat(query, issues);
        issues.AddRange(s_notForExports.Where(query.ContainsKey).Select(name => ValidationIssue.Query(name,
            $"{name} does not apply to exports: an export is every matching row, in order", "extra_forbidden")));
        if (parsed.Spec is not { } spec || issues.Count > 0)
        {
            return ApiError.Validation(issues);
        }
        spec = spec with { Stream = true };

        // Counting first keeps an over-large export from sorting rows it will not send; a filter pass is cheap.
        var maxRows = settings.MaxRowsFor(format);
        var total = QueryExecutor.Count(snapshot, spec);
        if (total > maxRows)
        {
            return TooLarge(snapshot, format, total, maxRows);
        }
        var result = QueryExecutor.Execute(snapshot, spec);
        return new ExportResponse(result, format, ExportFileName.For(snapshot.Name, time.GetUtcNow(), format));
    }

    private static ExportFormat ParseFormat(IQueryCollection query, List<ValidationIssue> issues)
    {
        if (!query.TryGetValue(ExportFormats.Parameter, out var values))
        {
            return ExportFormats.Default;
        }
        if (values.Count != 1)
        {
            issues.Add(ValidationIssue.Query(ExportFormats.Parameter, $"{ExportFormats.Parameter} is given {values.Count} times; give it once"));
            return ExportFormats.Default;
        }
        if (!ExportFormats.TryParse(values[0] ?? "", out var format))
        {
            issues.Add(ValidationIssue.Query(ExportFormats.Parameter, $"'{TextClip.Clip(values[0] ?? "", 40)}' is not an export format; valid: {ExportFormats.Names}", "enum"));
        }
        return format;
    }

    private static JsonResponse TooLarge(SourceSnapshot snapshot, ExportFormat format, int total, int maxRows)
    {
        var limit = maxRows.ToString("N0", CultureInfo.InvariantCulture);
        var why = format == ExportFormat.Xlsx && maxRows == Xlsx.XlsxLimits.MaxDataRows
            ? "an XLSX sheet holds at most 1,048,575 rows below its header"
            : $"exports are capped at {limit} rows ({ExportSettings.MaxRowsSetting})";
        var message = $"This export would have {total.ToString("N0", CultureInfo.InvariantCulture)} {snapshot.Noun.For(total)}; {why}. "
            + "Narrow it with filters (start_date and end_date, a column value, query) or export it in parts.";
        return ApiError.Create(StatusCodes.Status422UnprocessableEntity, ErrorCodes.ExportTooLarge, message,
            [new ValidationIssue(["query"], $"the filters match {total} rows, more than the {maxRows} an export may hold", "export_too_large")]);
    }
}
