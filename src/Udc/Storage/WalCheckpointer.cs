using Microsoft.Data.Sqlite;

namespace Udc.Storage;

/// <summary>
/// Checkpoints the WAL of the gated writers on a thread of its own. SQLite's automatic checkpoint runs inside the
/// commit that grows the WAL past 1,000 pages: that commit copies pages into the database file and waits for their
/// fsync while its writer still holds the write gate, so every writer queued behind it waits too, and the POSTs of a
/// jobs load run waited with them. Gated writes turn it off (<c>wal_autocheckpoint=0</c>); a PASSIVE checkpoint here,
/// which blocks neither writers nor readers, runs a quarter of a second after a gated write, at most once in that time.
/// It lives as long as its database, that is the process.
/// </summary>
internal sealed class WalCheckpointer
{
    /// <summary>Long enough to gather many commits into one checkpoint, short enough that the WAL stays a few MB under load.</summary>
    private static readonly TimeSpan s_delay = TimeSpan.FromMilliseconds(250);

    private readonly Func<SqliteConnection> _open;
    private readonly Timer _timer;
    private int _armed;
    private int _written;

    public WalCheckpointer(Func<SqliteConnection> open)
    {
        _open = open;
        _timer = new Timer(_ => Run());
    }

    /// <summary>A gated write ended: checkpoint after the delay, unless one is already due.</summary>
    public void Written()
    {
        Volatile.Write(ref _written, 1);
        if (Interlocked.Exchange(ref _armed, 1) == 0)
        {
            _timer.Change(s_delay, Timeout.InfiniteTimeSpan);
        }
    }

    private void Run()
    {
        Volatile.Write(ref _written, 0);
        try
        {
            using var connection = _open();
            SqliteDatabase.Execute(connection, "PRAGMA wal_checkpoint(PASSIVE);");
        }
        catch (SqliteException)
        {
            // A checkpoint that could not run (the file busy in another process, the disk full) is retried after the next
            // write; the WAL keeps every commit meanwhile, so nothing is lost by waiting.
        }
        Volatile.Write(ref _armed, 0);
        // Commits that came while this one ran are in the WAL too: checkpoint them in turn.
        if (Volatile.Read(ref _written) == 1)
        {
            Written();
        }
    }
}
