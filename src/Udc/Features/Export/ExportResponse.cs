using System.Globalization;
using Udc.Engine.Query;
using Udc.Features.Data;
using Udc.Features.Export.Xlsx;

namespace Udc.Features.Export;

/// <summary>
/// The whole result of a query as a file download, written progressively from the columns: nothing is
/// built per export but the row order, so memory stays flat whatever the row count.
/// </summary>
internal sealed class ExportResponse(QueryResult result, ExportFormat format, string fileName) : IResult
{
    /// <summary>A file cut short would read as complete: an export whose deadline passed before it starts is a 504.</summary>
    public async Task ExecuteAsync(HttpContext context)
    {
        Engine.Query.Deadline.ThrowIfPassed();
        var response = context.Response;
        response.Headers.ContentDisposition = ExportFileName.ContentDisposition(fileName);
        // An export is a snapshot for one caller: no shared cache may keep it.
        response.Headers.CacheControl = "private, no-store";
        if (format == ExportFormat.Ndjson)
        {
            // The /data stream writer, as is: it owns the result from here.
            await new NdjsonResponse(result).ExecuteAsync(context);
            return;
        }
        using var owned = result;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = format.ContentType();
        response.Headers["X-Total-Count"] = result.Total.ToString(CultureInfo.InvariantCulture);
        var body = new ResponseBodyStream(response.BodyWriter, context.RequestAborted);
        if (format == ExportFormat.Csv)
        {
            await CsvExport.WriteAsync(result, body);
        }
        else
        {
            await XlsxExport.WriteAsync(result, XlsxPackage.SheetName(result.Snapshot.Name), body);
        }
    }
}
