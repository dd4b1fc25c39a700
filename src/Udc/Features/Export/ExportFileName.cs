using System.Buffers;
using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace Udc.Features.Export;

/// <summary>
/// <c>support-2024-03-15.csv</c>: the source, then the UTC date the export was made (the day its rows were
/// read), so two exports of one source on different days never overwrite each other and a file says how old
/// it is. The rows themselves carry the dates they are about.
/// </summary>
internal static class ExportFileName
{
    /// <summary>Characters no common file system or shell takes well in a name; each becomes '_'.</summary>
    private static readonly SearchValues<char> s_unsafe = SearchValues.Create("/\\:*?\"<>|;%'`$&\u007f");

    /// <summary>Names past 100 characters are clipped: file systems allow 255 bytes, and the date must fit.</summary>
    private const int MaxSourceLength = 100;

    public static string For(string source, DateTimeOffset exportedAt, ExportFormat format)
    {
        var name = source.Length > MaxSourceLength ? source[..MaxSourceLength] : source;
        var safe = string.Create(name.Length, name, static (span, text) =>
        {
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                span[i] = char.IsControl(c) || s_unsafe.Contains(c) ? '_' : c;
            }
        }).Trim('.', ' ');
        if (safe.Length == 0)
        {
            safe = "export";
        }
        return string.Create(CultureInfo.InvariantCulture, $"{safe}-{exportedAt.UtcDateTime:yyyy-MM-dd}.{format.Extension()}");
    }

    /// <summary><c>attachment</c> with an ASCII <c>filename</c> and, for other names, the exact one in <c>filename*</c> (RFC 6266).</summary>
    public static string ContentDisposition(string fileName)
    {
        var header = new ContentDispositionHeaderValue("attachment");
        header.SetHttpFileName(fileName);
        return header.ToString();
    }
}
