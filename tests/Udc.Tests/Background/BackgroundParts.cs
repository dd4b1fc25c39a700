using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Udc.Background;
using Udc.Redis;
using Udc.Storage;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Background;

/// <summary>The background mechanism's parts over a real SQLite file, wired as the composition root wires them.</summary>
internal sealed class BackgroundParts : IAsyncDisposable
{
    private readonly TempDataDirectory _directory;

    public BackgroundParts(TimeProvider? time = null, string? redisUrl = null, TimeSpan? lease = null, TempDataDirectory? shared = null)
    {
        _directory = shared ?? new TempDataDirectory("udc-background-");
        OwnsDirectory = shared is null;
        Time = time ?? TimeProvider.System;
        Settings = new BackgroundSettings(4, lease ?? TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50));
        Database = new SqliteDatabase(_directory.PathOf("udc.db"));
        RedisSettings.TryParse(redisUrl ?? "", out var options, out var display);
        Redis = new RedisConnection(redisUrl is null ? new RedisSettings(null, null) : new RedisSettings(options, display), Time, NullLogger<RedisConnection>.Instance);
        Bus = new RedisBus(Redis, NullLogger<RedisBus>.Instance);
        Stream = new WorkStream(Redis, Database, Settings, Time, NullLogger<WorkStream>.Instance);
        Queue = new WorkQueue(Database, Stream, Settings, Time);
        Leases = new LeaseStore(Database, Redis, Bus, Time);
    }

    private bool OwnsDirectory { get; }

    public TempDataDirectory Directory => _directory;

    public TimeProvider Time { get; }

    public BackgroundSettings Settings { get; }

    public SqliteDatabase Database { get; }

    public RedisConnection Redis { get; }

    public RedisBus Bus { get; }

    public WorkStream Stream { get; }

    public WorkQueue Queue { get; }

    public LeaseStore Leases { get; }

    public WorkerService Worker(params IWorkHandler[] handlers) =>
        new(handlers, Queue, Stream, Settings, Bus, Time, NullLogger<WorkerService>.Instance);

    /// <summary>One value from the database (a count, a column of one item).</summary>
    public long Scalar(string sql)
    {
        using var connection = Database.Open(Durability.Normal);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() is long value ? value : -1;
    }

    public async ValueTask DisposeAsync()
    {
        await Bus.DisposeAsync();
        await Redis.DisposeAsync();
        if (OwnsDirectory)
        {
            SqliteConnection.ClearAllPools();
            _directory.Dispose();
        }
    }
}
