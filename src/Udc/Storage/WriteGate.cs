namespace Udc.Storage;

/// <summary>
/// A first-come, first-served lock for one database's writers (a ticket lock). A plain lock lets the thread that just
/// left take it again before a woken waiter runs: the jobs writer, committing group after group, kept the background
/// workers out for most of a 20 s load run (about 750 of 49,000 jobs run). With tickets each writer waits only for
/// the writers that came before it. Re-entrant on its owning thread, as a write inside a write then fails in SQLite
/// (busy, loudly) rather than waiting here for ever.
/// </summary>
internal sealed class WriteGate
{
    // An object, not a Lock: waiting for a turn needs Monitor.Wait and PulseAll.
    private readonly object _sync = new();
    private long _nextTicket;
    private long _serving;
    private int _owner;
    private int _depth;

    public void Enter()
    {
        var thread = Environment.CurrentManagedThreadId;
        lock (_sync)
        {
            if (_depth > 0 && _owner == thread)
            {
                _depth++;
                return;
            }
            var ticket = _nextTicket++;
            while (ticket != _serving)
            {
                Monitor.Wait(_sync);
            }
            _owner = thread;
            _depth = 1;
        }
    }

    public void Exit()
    {
        lock (_sync)
        {
            if (--_depth > 0)
            {
                return;
            }
            _owner = 0;
            _serving++;
            // A handful of writers wait at most (the jobs writer, the workers, an API call): waking all is cheap.
            Monitor.PulseAll(_sync);
        }
    }
}
