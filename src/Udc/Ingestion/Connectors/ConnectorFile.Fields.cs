using System.Text;
using Udc.Background;

namespace Udc.Ingestion.Connectors;

/// <summary>The checks of single fields, each adding its error (field path first) and returning a usable default.</summary>
internal static partial class ConnectorFile
{
    /// <summary>A feed or CSV is read whole into memory; 64 MiB is far above any real feed (a large one is about 1 MB).</summary>
    public const long DefaultMaxBytes = 64L * 1024 * 1024;

    /// <summary>A run polls; a page that takes longer than 30 s is an upstream in trouble.</summary>
    private static readonly TimeSpan s_defaultTimeout = TimeSpan.FromSeconds(30);

    private static IReadOnlyList<KeyValuePair<string, string>> ReadHeaders(ConnectorModel model, Func<string, string?> environment, List<string> errors, out IReadOnlySet<string> secretNames)
    {
        var headers = new List<KeyValuePair<string, string>>();
        var secrets = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (header, value) in model.Headers ?? [])
        {
            if (!IsToken(header))
            {
                errors.Add($"headers.{header}: not a valid header name");
                continue;
            }
            headers.Add(new(header, value));
        }
        foreach (var (header, variable) in model.SecretHeaders ?? [])
        {
            if (!IsToken(header))
            {
                errors.Add($"secret_headers.{header}: not a valid header name");
                continue;
            }
            // The error names the variable, never a value.
            if (environment(variable) is not { Length: > 0 } secret)
            {
                errors.Add($"secret_headers.{header}: the environment variable '{variable}' is not set");
                continue;
            }
            secrets.Add(header);
            headers.Add(new(header, secret));
        }
        secretNames = secrets;
        return headers;
    }

    private static bool IsToken(string name) => name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c));

    private static List<string> ReadIdFields(ConnectorModel model, ConnectorKind kind, List<string> errors)
    {
        if (kind == ConnectorKind.Feed)
        {
            // A feed item's id is its guid (RSS) or id (Atom), else its link.
            return ["id"];
        }
        if (kind == ConnectorKind.HttpJson && model.IdColumns is not null)
        {
            errors.Add("id_columns: an http_json connector names one id_field");
        }
        var fields = (kind == ConnectorKind.Csv ? model.IdColumns : null) ?? (model.IdField is { } one ? [one] : []);
        if (fields.Count == 0 || fields.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add(kind == ConnectorKind.Csv ? "id_columns: name the column(s) that identify a row" : "id_field: name the field that identifies a record");
        }
        return fields;
    }

    private static HttpMethod ReadMethod(string? method, List<string> errors)
    {
        switch (method?.ToUpperInvariant())
        {
            case null or "GET":
                return HttpMethod.Get;
            case "POST":
                return HttpMethod.Post;
            default:
                errors.Add($"method: must be GET or POST, got '{method}'");
                return HttpMethod.Get;
        }
    }

    private static string ReadPointer(string pointer, string field, List<string> errors)
    {
        if (pointer.Length > 0 && pointer[0] != '/')
        {
            errors.Add($"{field}: must be a JSON pointer (RFC 6901) such as /data/items, or empty for the whole body");
        }
        return pointer;
    }

    private static Pagination ReadPagination(PaginationModel? model, List<string> errors)
    {
        if (model is null)
        {
            return Pagination.None;
        }
        var size = ReadRange(model.Size, "pagination.size", 0, 0, 100_000, errors);
        switch (model.Type)
        {
            case "page":
                return new Pagination(PaginationKind.Page, model.Param ?? "page", model.Start ?? 1, model.SizeParam, size, null);
            case "offset":
                return new Pagination(PaginationKind.Offset, model.Param ?? "offset", model.Start ?? 0, model.SizeParam ?? "limit", size == 0 ? 100 : size, null);
            case "cursor":
                if (model.Next is null)
                {
                    errors.Add("pagination.next: a JSON pointer to the next cursor in the body is required");
                }
                return new Pagination(PaginationKind.Cursor, model.Param ?? "cursor", 0, model.SizeParam, size, ReadPointer(model.Next ?? "", "pagination.next", errors));
            case "link":
                return new Pagination(PaginationKind.Link, "", 0, model.SizeParam, size, null);
            default:
                errors.Add($"pagination.type: must be page, offset, cursor or link, got '{model.Type}'");
                return Pagination.None;
        }
    }

    private static Incremental? ReadIncremental(IncrementalModel? model, List<string> errors)
    {
        if (model is null)
        {
            return null;
        }
        if (string.IsNullOrWhiteSpace(model.Param) || string.IsNullOrWhiteSpace(model.Field))
        {
            errors.Add("incremental: needs param (the query parameter) and field (the record field it compares)");
            return null;
        }
        return new Incremental(model.Param, model.Field);
    }

    /// <summary>The background scheduler's own reading of a schedule, so a connector and a job read one alike.</summary>
    private static Schedule? ReadSchedule(string? text, List<string> errors)
    {
        if (text is null)
        {
            return null;
        }
        if (Schedule.TryParse(text, out var schedule, out var error))
        {
            return schedule;
        }
        errors.Add($"schedule: {error}");
        return null;
    }

    private static TimeSpan ReadTimeout(double? seconds, List<string> errors)
    {
        if (seconds is null)
        {
            return s_defaultTimeout;
        }
        if (seconds is > 0 and <= 600)
        {
            return TimeSpan.FromSeconds(seconds.Value);
        }
        errors.Add($"timeout_seconds: must be above 0 and at most 600, got {seconds}");
        return s_defaultTimeout;
    }

    private static int ReadRate(int? perSecond, List<string> errors)
    {
        if (perSecond is null or (> 0 and <= 10_000))
        {
            return perSecond ?? 0;
        }
        errors.Add($"requests_per_second: must be from 1 to 10000, got {perSecond}");
        return 0;
    }

    private static int ReadRange(int? value, string field, int fallback, int min, int max, List<string> errors)
    {
        if (value is null)
        {
            return fallback;
        }
        if (value >= min && value <= max)
        {
            return value.Value;
        }
        errors.Add($"{field}: must be from {min} to {max}, got {value}");
        return fallback;
    }

    private static long ReadMaxBytes(long? value, List<string> errors)
    {
        if (value is null)
        {
            return DefaultMaxBytes;
        }
        if (value is >= 1024 and <= 1024L * 1024 * 1024)
        {
            return value.Value;
        }
        errors.Add($"max_bytes: must be from 1024 to 1073741824, got {value}");
        return DefaultMaxBytes;
    }

    private static CsvLayout ReadCsv(ConnectorModel model, List<string> errors)
    {
        var delimiter = ',';
        if (model.Delimiter is { } text)
        {
            if (text == "\\t" || text == "\t")
            {
                delimiter = '\t';
            }
            else if (text.Length == 1 && text[0] is not ('"' or '\r' or '\n'))
            {
                delimiter = text[0];
            }
            else
            {
                errors.Add($"delimiter: must be one character other than a quote or a line break, got '{text}'");
            }
        }
        var encoding = Encoding.UTF8;
        if (model.Encoding is { } name)
        {
            encoding = name.ToLowerInvariant() switch
            {
                "utf-8" or "utf8" => Encoding.UTF8,
                "latin1" or "iso-8859-1" => Encoding.Latin1,
                "ascii" or "us-ascii" => Encoding.ASCII,
                "utf-16" or "utf-16le" => Encoding.Unicode,
                "utf-16be" => Encoding.BigEndianUnicode,
                _ => null!,
            };
            if (encoding is null)
            {
                errors.Add($"encoding: must be utf-8, latin1, ascii, utf-16le or utf-16be, got '{name}'");
                encoding = Encoding.UTF8;
            }
        }
        return new CsvLayout(model.Header ?? true, delimiter, encoding);
    }
}
