using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Udc.Background;
using Udc.Storage;

namespace Udc.Jobs;

/// <summary>
/// Group commit of new jobs. A durable commit waits for an fsync of the WAL (milliseconds on a disk, the whole cost
/// of a <c>POST /jobs</c>), so one writer drains every job waiting to be created into one transaction and one fsync;
/// each caller awaits the commit of the group it is in, so a job is still on disk before its POST is answered.
/// </summary>
internal sealed partial class JobStore
{
    /// <summary>
    /// 256 jobs per transaction: about 5 ms of inserts at ~20 µs each, so a group never holds SQLite's one write
    /// lock long enough to stall the workers' updates, and under load an fsync is shared by hundreds of POSTs.
    /// </summary>
    internal const int MaxGroup = 256;

    private readonly Channel<PendingJob> _pending = Channel.CreateUnbounded<PendingJob>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _writerGate = new();
    private Task? _writer;

    /// <summary>
    /// Stores a new job and queues it, unless the client already made one with this idempotency key: then that job
    /// is returned (<c>Created</c> false), or null <c>Job</c> when its request differs from this one. Completes once
    /// the job is committed to disk.
    /// </summary>
    public Task<(Job? Job, bool Created)> CreateAsync(JobRequest request, string client)
    {
        var pending = new PendingJob(request, client);
        if (_writer is null)
        {
            lock (_writerGate)
            {
                _writer ??= Task.Run(WriteAsync);
            }
        }
        if (!_pending.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(JobStore), "the server is stopping; no new job is accepted");
        }
        return pending.Done.Task;
    }

    private async Task WriteAsync()
    {
        var group = new List<PendingJob>(MaxGroup);
        var reader = _pending.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (group.Count < MaxGroup && reader.TryRead(out var next))
            {
                group.Add(next);
            }
            try
            {
                Commit(group);
            }
            catch (Exception)
            {
                // One job the database refuses (a key another replica just used) must not fail the others: each alone.
                // Nothing escapes this loop: a writer that died would leave every later POST waiting for ever.
                foreach (var pending in group)
                {
                    try
                    {
                        Commit([pending]);
                    }
                    catch (Exception e)
                    {
                        pending.Done.TrySetException(e);
                    }
                }
            }
            group.Clear();
        }
    }

    private void Commit(List<PendingJob> group)
    {
        var now = time.GetUtcNow();
        var answers = new (Job? Job, bool Created, long? ItemId)[group.Count];
        using (var write = database.BeginWrite(Durability.Full))
        {
            using var inserts = new GroupInsert(write.Connection, write.Transaction);
            for (var i = 0; i < group.Count; i++)
            {
                answers[i] = inserts.Insert(group[i], now);
            }
            write.Commit();
        }
        for (var i = 0; i < group.Count; i++)
        {
            if (answers[i].ItemId is { } added)
            {
                queue.Notify(added);
            }
            group[i].Done.TrySetResult((answers[i].Job, answers[i].Created));
        }
    }

    /// <summary>
    /// The inserts of one group, each statement compiled once for the group: compiling it again for every job was
    /// most of the time a group held the write gate.
    /// </summary>
    private sealed class GroupInsert : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteTransaction _transaction;
        private readonly SqliteCommand _job;
        private readonly WorkQueue.Adding _items;

        public GroupInsert(SqliteConnection connection, SqliteTransaction transaction)
        {
            (_connection, _transaction) = (connection, transaction);
            _job = connection.CreateCommand();
            _job.Transaction = transaction;
            _job.CommandText = """
                INSERT INTO jobs (job_id, kind, vendor, status, client, payload, request_hash, idempotency_key, callback_url, created_at, updated_at)
                VALUES ($id, $kind, $vendor, 'queued', $client, $payload, $hash, $key, $callback, $now, $now);
                """;
            foreach (var name in (ReadOnlySpan<string>)["$id", "$kind", "$vendor", "$client", "$payload", "$hash", "$key", "$callback", "$now"])
            {
                _job.Parameters.Add(new SqliteParameter { ParameterName = name });
            }
            _items = new WorkQueue.Adding(connection, transaction);
        }

        /// <summary>One job of the group; a repeat of a key is seen even when the first use is earlier in the same group.</summary>
        public (Job? Job, bool Created, long? ItemId) Insert(PendingJob pending, DateTimeOffset now)
        {
            var (request, client) = (pending.Request, pending.Client);
            if (request.IdempotencyKey is { } key && FindByKey(_connection, _transaction, client, key) is { } existing)
            {
                return (existing.Hash == request.Hash ? existing.Job : null, false, null);
            }
            var id = Guid.CreateVersion7(now).ToString();
            var at = now.ToUnixTimeMilliseconds();
            // In the order of the parameters above.
            var values = _job.Parameters;
            values[0].Value = id;
            values[1].Value = request.Kind;
            values[2].Value = (object?)request.Vendor ?? DBNull.Value;
            values[3].Value = client;
            values[4].Value = request.Payload;
            values[5].Value = request.Hash;
            values[6].Value = (object?)request.IdempotencyKey ?? DBNull.Value;
            values[7].Value = (object?)request.CallbackUrl ?? DBNull.Value;
            values[8].Value = at;
            _job.ExecuteNonQuery();
            var itemId = _items.Add(QueueOf(request.Kind), id, now, now);
            var job = new Job(id, request.Kind, request.Vendor, JobStatus.Queued, request.Payload, null, null, 0, request.CallbackUrl, at, at, null, null, client);
            return (job, true, itemId);
        }

        public void Dispose()
        {
            _job.Dispose();
            _items.Dispose();
        }
    }

    /// <summary>Stops taking jobs and waits for the ones already taken to be committed.</summary>
    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        if (_writer is { } writer)
        {
            await writer;
        }
    }

    private sealed record PendingJob(JobRequest Request, string Client)
    {
        public TaskCompletionSource<(Job? Job, bool Created)> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
