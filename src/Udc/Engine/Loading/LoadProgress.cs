using System.Diagnostics;

namespace Udc.Engine.Loading;

/// <summary>
/// How far the load of one file has come, updated by the threads that read and parse it and read by anyone who
/// asks (a request for a source still loading). Counters are updated about once per megabyte, not per value.
/// </summary>
internal sealed class LoadProgress(long totalBytes)
{
    private long _totalBytes = totalBytes;

    /// <summary>
    /// Deciding types and building columns takes about a quarter of the parse on the seeded files; the estimate
    /// of what remains adds it to what the parse rate predicts.
    /// </summary>
    private const double BuildShareOfParse = 0.25;

    private readonly long _started = Stopwatch.GetTimestamp();
    private long _phaseStarted = Stopwatch.GetTimestamp();
    private long _bytes;
    private long _rows;
    private int _phase;
    private double _parseSeconds;

    /// <summary>The bytes the current phase has to go through: the file's, or a snapshot's.</summary>
    public long TotalBytes => Interlocked.Read(ref _totalBytes);

    public LoadPhase Phase => (LoadPhase)Volatile.Read(ref _phase);

    /// <summary>Bytes done in the current phase.</summary>
    public long Bytes => Math.Min(Interlocked.Read(ref _bytes), TotalBytes);

    /// <summary>Records parsed so far (0 before parsing starts).</summary>
    public long Rows => Interlocked.Read(ref _rows);

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    /// <summary>The chunks the file is parsed in: 1 when it is read in one piece (small, another shape, or a chunk failed).</summary>
    public int Chunks { get; private set; } = 1;

    public void BeginParsing(int chunks)
    {
        Chunks = chunks;
        Begin(LoadPhase.Parsing);
    }

    /// <summary>Starts a phase over another amount of bytes (a snapshot's rather than the file's).</summary>
    public void Begin(LoadPhase phase, long totalBytes)
    {
        Interlocked.Exchange(ref _totalBytes, totalBytes);
        Begin(phase);
    }

    public void Begin(LoadPhase phase)
    {
        if (Phase == LoadPhase.Parsing)
        {
            _parseSeconds = Stopwatch.GetElapsedTime(Volatile.Read(ref _phaseStarted)).TotalSeconds;
        }
        // Building follows the whole parse: its bytes are all done.
        Interlocked.Exchange(ref _bytes, phase == LoadPhase.Building ? TotalBytes : 0);
        if (phase == LoadPhase.Parsing)
        {
            Interlocked.Exchange(ref _rows, 0);
        }
        Volatile.Write(ref _phaseStarted, Stopwatch.GetTimestamp());
        Volatile.Write(ref _phase, (int)phase);
    }

    public void Advance(long bytes, long rows = 0)
    {
        Interlocked.Add(ref _bytes, bytes);
        if (rows != 0)
        {
            Interlocked.Add(ref _rows, rows);
        }
    }

    /// <summary>What remains, from the current phase's rate; null until the phase has done enough to tell.</summary>
    public TimeSpan? EstimatedRemaining()
    {
        var phaseElapsed = Stopwatch.GetElapsedTime(Volatile.Read(ref _phaseStarted)).TotalSeconds;
        if (Phase == LoadPhase.Building)
        {
            return TimeSpan.FromSeconds(Math.Max(0, _parseSeconds * BuildShareOfParse - phaseElapsed));
        }
        var done = Bytes;
        if (done <= 0 || phaseElapsed <= 0)
        {
            return null;
        }
        var secondsPerByte = phaseElapsed / done;
        var total = TotalBytes;
        var remaining = (total - done) * secondsPerByte;
        // Reading is followed by a parse whose speed is not known yet: only the read is estimated.
        return TimeSpan.FromSeconds(Phase == LoadPhase.Parsing ? remaining + total * secondsPerByte * BuildShareOfParse : remaining);
    }
}
