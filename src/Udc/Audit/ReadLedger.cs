namespace Udc.Audit;

/// <summary>
/// What one request (an HTTP call, or one tool call a model made) has read so far: the sources it resolved, the
/// filters it asked for, and the rows the engine scanned and returned. The engine adds its rows to the current
/// ledger (<see cref="Observability.QueryTelemetry.Rows"/>), the source resolver adds each source; the audit trail
/// records the ledger and the quota charges it. Flows with the request's async context, so a tool call inside an
/// assistant or MCP request adds to that request's ledger.
/// </summary>
internal sealed class ReadLedger
{
    private static readonly AsyncLocal<ReadLedger?> s_current = new();

    /// <summary>Filters of at most 1,000 characters are kept per request: enough to say what was asked.</summary>
    private const int MaxFilterText = 1_000;

    private readonly Lock _lock = new();
    private readonly List<string> _sources = [];
    private string? _filters;
    private long _scanned;
    private long _returned;
    private int _admitted;
    private int _refused;

    public static ReadLedger? Current => s_current.Value;

    /// <summary>Makes a new ledger current for the rest of this async flow.</summary>
    public static ReadLedger Begin()
    {
        var ledger = new ReadLedger();
        s_current.Value = ledger;
        return ledger;
    }

    public long RowsScanned => Interlocked.Read(ref _scanned);

    public long RowsReturned => Interlocked.Read(ref _returned);

    /// <summary>Set when the answer is partial (a deadline passed mid-stream).</summary>
    public bool Partial { get; private set; }

    public void MarkPartial() => Partial = true;

    /// <summary>
    /// The error code of an MCP tool call that ended in an error result: the call itself answers 200 (a result the
    /// model reads), so the audit takes its outcome from this instead.
    /// </summary>
    public string? ToolError { get; private set; }

    public void MarkToolError(string code) => ToolError = code;

    /// <summary>A tool call of this request passed its rate limit and quota and went on to read.</summary>
    public void MarkAdmitted() => Interlocked.Increment(ref _admitted);

    /// <summary>A tool call of this request was refused before it read (a spent quota, a rate limit).</summary>
    public void MarkRefused() => Interlocked.Increment(ref _refused);

    /// <summary>
    /// Every tool call of the request was refused before reading. Such a request costs nothing, as an HTTP read refused
    /// for quota costs nothing: one rule on every transport, so a caller waiting out a spent quota never extends it.
    /// </summary>
    public bool OnlyRefused => Volatile.Read(ref _refused) > 0 && Volatile.Read(ref _admitted) == 0;

    /// <summary>The sources read, comma separated, in the order first read; null for none.</summary>
    public string? Sources
    {
        get
        {
            lock (_lock)
            {
                return _sources.Count == 0 ? null : string.Join(',', _sources);
            }
        }
    }

    public string? Filters
    {
        get
        {
            lock (_lock)
            {
                return _filters;
            }
        }
    }

    public void AddRows(long scanned, long returned)
    {
        Interlocked.Add(ref _scanned, scanned);
        Interlocked.Add(ref _returned, returned);
    }

    public void AddSource(string source)
    {
        lock (_lock)
        {
            if (!_sources.Contains(source))
            {
                _sources.Add(source);
            }
        }
    }

    /// <summary>Filters as the audit shows them (values of protected columns already replaced).</summary>
    public void AddFilters(string text)
    {
        if (text.Length == 0)
        {
            return;
        }
        lock (_lock)
        {
            var joined = _filters is null ? text : _filters + "; " + text;
            _filters = joined.Length <= MaxFilterText ? joined : joined[..MaxFilterText] + "…";
        }
    }
}
