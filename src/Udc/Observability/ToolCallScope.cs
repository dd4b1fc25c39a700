using System.Diagnostics;

namespace Udc.Observability;

/// <summary>One observed tool call: <see cref="Complete"/> records its outcome; disposing without it records a failure.</summary>
internal sealed class ToolCallScope : IDisposable
{
    /// <summary>Handed out while neither tracing nor metrics listen: records nothing and allocates nothing.</summary>
    public static readonly ToolCallScope Off = new();

    private readonly Activity? _activity;
    private readonly string _toolName;
    private readonly string _surface;
    private readonly long _started;
    private bool _done;

    public ToolCallScope(Activity? activity, string toolName, string surface)
    {
        _activity = activity;
        _toolName = toolName;
        _surface = surface;
        _started = Stopwatch.GetTimestamp();
    }

    private ToolCallScope()
    {
        _toolName = "";
        _surface = "";
        _done = true;
    }

    /// <summary>An error result (bad arguments, a forbidden or unknown source) is an answer the caller can act on, and is counted as one.</summary>
    /// <param name="errorCode">The result's error code (<c>VALIDATION_ERROR</c>, ...), the span's <c>error.type</c>.</param>
    public void Complete(bool isError, string? errorCode = null)
    {
        if (_done)
        {
            return;
        }
        Record(isError ? errorCode ?? "tool_error" : null);
    }

    public void Dispose()
    {
        if (!_done)
        {
            // Ended without an outcome: the call threw.
            Record("exception");
        }
    }

    private void Record(string? errorType)
    {
        _done = true;
        var outcome = errorType is null ? "ok" : "error";
        UdcTelemetry.ToolCalls.Add(1, new("tool", _toolName), new("surface", _surface), new("outcome", outcome));
        UdcTelemetry.ToolDuration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, new("tool", _toolName), new("surface", _surface));
        if (_activity is null)
        {
            return;
        }
        if (errorType is not null)
        {
            _activity.SetTag(SemanticNames.ErrorType, errorType);
            _activity.SetStatus(ActivityStatusCode.Error);
        }
        _activity.Dispose();
    }
}
