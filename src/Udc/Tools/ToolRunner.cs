using System.Buffers;
using System.Text;
using System.Text.Json;
using Udc.Caching;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;
using Udc.Hosting;
using Udc.Observability;
using Udc.RateLimiting;
using Udc.Reading;

namespace Udc.Tools;

/// <summary>
/// Runs one tool call for any model surface (MCP over HTTP or stdio, the assistant's model loop, the fast path)
/// against the live catalog. Every call is read the same way (arguments, budget, cursor), resolved through the one
/// source resolver, counted against the caller's per-source rate limit and served from the response cache like
/// <c>/data</c>. Every way a call can be wrong becomes an error result the model can read and correct; nothing here
/// throws for bad input.
/// </summary>
internal sealed partial class ToolRunner(SourceResolver sources, RequestRateLimiter limiter, ResponseCache cache, TimeProvider time, OutputBudget defaultBudget, AggregationBudget? aggregation = null)
{
    public OutputBudget DefaultBudget => defaultBudget;

    public async ValueTask<ToolResult> CallAsync(ToolSet set, string name, IReadOnlyDictionary<string, JsonElement>? arguments, ToolCaller caller)
    {
        if (set.Find(name) is null)
        {
            return Error(ErrorCodes.UnknownTool, $"Unknown tool '{TextClip.Clip(name, 64)}'. Tools: {string.Join(", ", set.Definitions.Select(d => d.Name))}.");
        }
        try
        {
            return await Dispatch(set, name, arguments, caller);
        }
        catch (AggregationLimitException e)
        {
            // The engine's bound on groups (its message already says how to narrow the grouping) and on heavy groupings (wait).
            return e.Limit == AggregationLimit.Busy
                ? Error(ErrorCodes.ServerBusy, $"{e.Message} Retry in {Math.Ceiling(e.RetryAfter.TotalSeconds)} s.")
                : Error(ErrorCodes.AggregateTooLarge, e.Message);
        }
        catch (Engine.Database.DatabaseReadException e)
        {
            return Error(DatabaseReadError.From(e));
        }
    }

    private ValueTask<ToolResult> Dispatch(ToolSet set, string name, IReadOnlyDictionary<string, JsonElement>? arguments, ToolCaller caller) =>
        name switch
        {
            ToolNames.ListSources => ValueTask.FromResult(ListSources(set, arguments)),
            ToolNames.DescribeSource => DescribeSourceAsync(arguments, caller),
            ToolNames.QueryData => QueryDataAsync(arguments, caller),
            ToolNames.AggregateData => AggregateDataAsync(arguments, caller),
            ToolNames.GetRecord => GetRecordAsync(arguments, caller),
            ToolNames.GetTrend => TrendAsync(arguments, caller),
            ToolNames.DetectAnomalies => AnomaliesAsync(arguments, caller),
            ToolNames.ForecastSeries => ForecastAsync(arguments, caller),
            ToolNames.CheckQuality => QualityAsync(arguments, caller),
            ToolNames.StartExport => StartExportAsync(arguments, caller),
            ToolNames.GetJob => ValueTask.FromResult(GetJob(arguments, caller)),
            _ => SqlAsync(arguments, caller),
        };

    /// <summary>Arguments as the assistant's providers deliver them: one JSON value that must be an object.</summary>
    public static IReadOnlyDictionary<string, JsonElement>? ObjectOf(JsonElement arguments, out ToolResult? error)
    {
        error = null;
        if (arguments.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }
        if (arguments.ValueKind != JsonValueKind.Object)
        {
            error = Error(ErrorCodes.Validation, "Invalid arguments: the arguments must be a JSON object.");
            return null;
        }
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in arguments.EnumerateObject())
        {
            values[property.Name] = property.Value;
        }
        return values;
    }

    public static ToolResult Error(string code, string message, IReadOnlyList<ValidationIssue>? details = null) =>
        new() { Json = Write(writer => ApiError.Write(writer, code, message, details ?? [])), IsError = true, ErrorCode = code };

    /// <summary>A refused read as a tool result; an unknown source also points the model at the tool that lists them.</summary>
    public static ToolResult Error(ReadError error) =>
        Error(error.Code, error.Code == ErrorCodes.UnknownSource ? error.Message + " Call list_sources to see what each holds." : error.Message, error.Details);

    /// <summary>One message listing every problem with where it is, so the model fixes all of them in one retry.</summary>
    public static ToolResult Invalid(string tool, IReadOnlyList<ValidationIssue> issues) =>
        Error(ErrorCodes.Validation, $"Invalid arguments for {tool}: {string.Join("; ", issues.Select(i => $"{string.Join('.', i.Loc.Skip(1))}: {i.Msg}"))}.", issues);

    /// <summary>
    /// The start every source tool shares: its arguments, budget and cursor read, the query arguments taken from the
    /// cursor when there is one (and read again, as untrusted as any call's), every issue collected.
    /// </summary>
    private static ToolCall Begin(string tool, IReadOnlyDictionary<string, JsonElement>? values, IReadOnlyList<string> queryArguments, OutputBudget defaultBudget)
    {
        var args = new ToolArguments(values, [ToolNames.Source, .. queryArguments, ToolNames.Cursor, ToolNames.MaxTokens]);
        var source = args.String(ToolNames.Source, required: true);
        var tokens = args.Integer(ToolNames.MaxTokens, OutputBudget.MinTokens, OutputBudget.MaxTokens);
        var cursor = args.ReadCursor(tool, source, queryArguments);
        var query = cursor is null ? args : new ToolArguments(cursor.Query, queryArguments);
        return new ToolCall(tool, args, query, source, tokens is { } t ? new OutputBudget(t) : defaultBudget, cursor);
    }

    /// <summary>
    /// The per-source rate limit, then the cache, then the call itself. The cache key holds everything the result
    /// depends on: the tool, the source's content tag and generation, the budget, the cursor and the query.
    /// </summary>
    private async ValueTask<ToolResult> LimitedAndCachedAsync(ToolCall call, ToolCaller caller, SourceSnapshot snapshot, Func<ToolResult> run)
    {
        var ledger = Audit.ReadLedger.Current;
        if (await limiter.AcquireAsync(caller.Partition, snapshot.Name) is { Allowed: false } rejected)
        {
            UdcTelemetry.RateLimitRejections.Add(1, new("policy", rejected.Policy), new("source", snapshot.Name));
            ledger?.MarkRefused();
            return Error(ErrorCodes.RateLimited, rejected.RejectionMessage(snapshot.Name));
        }
        // A spent quota is a result the model can act on: wait, or ask for less.
        if (await limiter.QuotaAsync(caller.Partition, 0) is { Allowed: false } spent)
        {
            ledger?.MarkRefused();
            return Error(ErrorCodes.QuotaExceeded, spent.RejectionMessage(null));
        }
        ledger?.MarkAdmitted();
        var key = cache.Settings.Enabled ? CacheKey(call, snapshot) : null;
        if (key is not null && (await cache.GetAsync(key, snapshot.Name)).Entry is { } hit)
        {
            QueryTelemetry.CacheStatus("hit");
            return new ToolResult { Json = hit.Body, Snapshot = snapshot };
        }
        QueryTelemetry.CacheStatus(key is null ? "off" : "miss");
        ToolResult result;
        try
        {
            result = run();
        }
        catch (DeadlineExceededException e)
        {
            return Error(ErrorCodes.DeadlineExceeded, e.Message);
        }
        if (key is not null && !result.IsError && CacheKeys.IsCurrent(sources.Catalog, snapshot.Name, snapshot.ContentTag))
        {
            cache.Store(key, snapshot.Name, result.Json, CachedResponse.ETagOf(result.Json));
        }
        return result;
    }

    private string CacheKey(ToolCall call, SourceSnapshot snapshot)
    {
        var key = new StringBuilder(256).Append((int)CacheKind.Tool).Append('\n')
            .Append(call.Tool).Append('\n').Append(snapshot.Name).Append('\n').Append(snapshot.ContentTag).Append('\n')
            .Append(cache.GenerationOf(snapshot.Name)).Append('\n').Append(call.Budget.Tokens).Append('\n')
            .Append(call.Cursor?.Page).Append('/').Append(call.Cursor?.Skip).Append('\n');
        foreach (var (name, value) in call.Query.Subset(call.Cursor is null ? [.. call.QueryNames] : [.. call.Cursor.Query.Keys]).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            key.Append(name.Length).Append(':').Append(name).Append('=').Append(value.GetRawText()).Append('\n');
        }
        return key.ToString();
    }

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
        {
            write(writer);
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A call under way: its arguments, the query arguments (the cursor's when continuing), source, budget and cursor.</summary>
    private sealed record ToolCall(string Tool, ToolArguments Args, ToolArguments Query, string? Source, OutputBudget Budget, ToolCursor? Cursor)
    {
        public IEnumerable<string> QueryNames => Tool switch
        {
            ToolNames.QueryData => ToolArguments.PageQuery,
            ToolNames.AggregateData => ToolArguments.AggregateQuery,
            ToolNames.GetRecord => ToolArguments.RecordQuery,
            ToolNames.GetTrend => ToolArguments.SeriesQuery,
            ToolNames.DetectAnomalies => ToolArguments.AnomalyQuery,
            ToolNames.ForecastSeries => ToolArguments.ForecastQuery,
            ToolNames.CheckQuality => ToolArguments.QualityQuery,
            ToolNames.QuerySql => ToolArguments.SqlQuery,
            _ => [],
        };

        /// <summary>Every issue found so far, the cursor's query's among them.</summary>
        public List<ValidationIssue> Issues => ReferenceEquals(Args, Query) ? Args.Issues : [.. Args.Issues, .. Query.Issues];
    }
}
