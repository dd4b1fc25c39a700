using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Udc.Storage;

namespace Udc.Background;

/// <summary>
/// Turns <see cref="RecurringWork"/> into work items when due. The next due time of each schedule is a row in
/// <c>schedules</c>, moved forward with a compare-and-set in the same transaction that adds the item, so processes
/// sharing the database add one item per due time between them, and a restart neither skips nor repeats a run
/// (a run missed while stopped happens once at start, then the rhythm resumes).
/// </summary>
/// <param name="fixedWork">
/// The schedules features declare as services (<c>services.AddSingleton(new RecurringWork(...))</c>): housekeeping
/// known before start, registered as the scheduler starts. Schedules read from configuration go through <see cref="Register"/>.
/// </param>
internal sealed partial class Scheduler(SqliteDatabase database, WorkQueue queue, IEnumerable<RecurringWork> fixedWork, TimeProvider time, ILogger<Scheduler> logger)
    : BackgroundService
{
    /// <summary>Schedules are whole seconds at their finest: a check a second is on time.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, RecurringWork> _work = new(StringComparer.Ordinal);

    /// <summary>Adds or replaces a schedule; with <see cref="RecurringWork.RunAtStart"/> an item is added now.</summary>
    public void Register(RecurringWork work)
    {
        _work[work.Name] = work;
        if (work.RunAtStart)
        {
            queue.Enqueue(work.Queue, work.Subject);
        }
    }

    public bool Unregister(string name) => _work.TryRemove(name, out _);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var work in fixedWork)
        {
            Register(work);
        }
        return base.StartAsync(cancellationToken);
    }

    /// <summary>When a schedule is next due, as stored; null before its first check.</summary>
    public DateTimeOffset? NextDue(string name)
    {
        using var connection = database.Open(Durability.Normal);
        return Read(connection, null, name) is { } due ? DateTimeOffset.FromUnixTimeMilliseconds(due) : null;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var work in _work.Values)
                {
                    try
                    {
                        Check(work);
                    }
                    catch (SqliteException e)
                    {
                        LogCheckFailed(logger, work.Name, e.Message);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Adds the schedule's item when due; returns the item's id when one was added.</summary>
    internal long? Check(RecurringWork work)
    {
        var now = time.GetUtcNow();
        using var write = database.BeginWrite(Durability.Full);
        var (connection, transaction) = (write.Connection, write.Transaction);
        var stored = Read(connection, transaction, work.Name);
        if (stored is null)
        {
            // First sight of this schedule: due at its next time, or at once when it has never run anywhere.
            Write(connection, transaction, work.Name, null, (work.Schedule.Next(now) ?? DateTimeOffset.MaxValue).ToUnixTimeMilliseconds());
            transaction.Commit();
            return null;
        }
        if (stored > now.ToUnixTimeMilliseconds())
        {
            return null;
        }
        var next = work.Schedule.Next(now) ?? DateTimeOffset.MaxValue;
        if (!Write(connection, transaction, work.Name, stored, next.ToUnixTimeMilliseconds()))
        {
            return null;
        }
        var id = WorkQueue.Add(connection, transaction, work.Queue, work.Subject, now, now);
        transaction.Commit();
        if (id is { } added)
        {
            queue.Notify(added);
        }
        else
        {
            LogStillRunning(logger, work.Name);
        }
        return id;
    }

    private static long? Read(SqliteConnection connection, SqliteTransaction? transaction, string name)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT next_due FROM schedules WHERE name = $name;";
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteScalar() is long due ? due : null;
    }

    /// <summary>Moves the due time from <paramref name="expected"/> (null: no row yet); false when another process moved it first.</summary>
    private static bool Write(SqliteConnection connection, SqliteTransaction transaction, string name, long? expected, long next)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = expected is null
            ? "INSERT INTO schedules (name, next_due) VALUES ($name, $next) ON CONFLICT (name) DO NOTHING;"
            : "UPDATE schedules SET next_due = $next WHERE name = $name AND next_due = $expected;";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$next", next);
        command.Parameters.AddWithValue("$expected", expected ?? 0);
        return command.ExecuteNonQuery() == 1;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule {Name}: could not check it ({Error}); trying again in a second")]
    private static partial void LogCheckFailed(ILogger logger, string name, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {Name} came due while its last run is still queued or running; skipped this time")]
    private static partial void LogStillRunning(ILogger logger, string name);
}
