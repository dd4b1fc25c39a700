using System.Text.Json;
using Microsoft.Data.Sqlite;
using Udc.Background;
using Udc.Outbound;

namespace Udc.Jobs;

/// <summary>
/// Runs jobs on the one background mechanism: a sync vendor's result is cleaned of personal data and stored; an
/// async vendor's acceptance parks the job as <c>waiting_for_vendor</c> until its callback or its deadline. Every
/// store happens in the transaction that settles the job's work item, so a job completes once however often the
/// vendor was called.
/// </summary>
internal sealed class JobRunner : IWorkHandler
{
    private readonly JobStore _store;
    private readonly JobSettings _settings;
    private readonly VendorCall _vendors;
    private readonly PiiCleaner _cleaner;
    private readonly TimeProvider _time;

    public JobRunner(JobStore store, JobSettings settings, VendorCall vendors, OutboundTargets targets, PiiCleaner cleaner, TimeProvider time)
    {
        _store = store;
        _settings = settings;
        _vendors = vendors;
        _cleaner = cleaner;
        _time = time;
        // The queue's bound is the largest any vendor allows; each vendor's own is applied to its failures below.
        Retry = RetryPolicy.Default with { MaxAttempts = settings.Vendors.Values.Select(v => v.MaxAttempts).Append(settings.MaxAttempts).Max() };
        foreach (var vendor in settings.Vendors.Values)
        {
            targets.Configure(vendor.Target, new TargetLimits(vendor.RequestsPerSecond));
        }
    }

    public string Queue => JobStore.Queue;

    public RetryPolicy Retry { get; }

    public async Task<WorkOutcome> RunAsync(WorkItem item, CancellationToken cancellationToken)
    {
        if (_store.Get(item.Subject) is not { } job || job.IsFinished)
        {
            return WorkOutcome.Done();
        }
        if (job.Vendor is null || !_settings.Vendors.TryGetValue(job.Vendor, out var vendor))
        {
            var error = $"vendor '{job.Vendor}' is no longer configured";
            return WorkOutcome.Fail(error, _store.Failed(job.Id, error));
        }
        if (job.Status == JobStatus.WaitingForVendor)
        {
            return Waiting(job, vendor);
        }
        _store.MarkRunning(job.Id, item.Attempt);
        var answer = await _vendors.SendAsync(vendor, job, cancellationToken);
        if (answer.Error is { } failure)
        {
            return answer.Retry && item.Attempt < vendor.MaxAttempts
                ? WorkOutcome.Retry(failure, answer.RetryAfter, _store.Retrying(job.Id, failure))
                : WorkOutcome.Fail(failure, _store.Failed(job.Id, failure));
        }
        if (answer.Accepted)
        {
            var deadline = _time.GetUtcNow() + vendor.CallbackTimeout;
            return WorkOutcome.CheckLater(vendor.CallbackTimeout, _store.Waiting(job.Id, deadline));
        }
        if (Clean(answer.Body!, vendor.Pii) is not { } result)
        {
            var garbled = $"vendor '{vendor.Name}' answered with something that is not JSON";
            return WorkOutcome.Retry(garbled, null, _store.Retrying(job.Id, garbled));
        }
        return WorkOutcome.Done(_store.Completed(job.Id, result));
    }

    /// <summary>A parked job's deadline passed (the vendor never called back), or the item woke early (a restart).</summary>
    private WorkOutcome Waiting(Job job, VendorSettings vendor)
    {
        var left = DeadlineOf(job) - _time.GetUtcNow();
        if (left > TimeSpan.Zero)
        {
            return WorkOutcome.CheckLater(left);
        }
        var error = $"vendor '{vendor.Name}' accepted the job but did not call back within {vendor.CallbackTimeout.TotalSeconds:0.###} s";
        return WorkOutcome.Fail(error, _store.Failed(job.Id, error));
    }

    private DateTimeOffset DeadlineOf(Job job) => _store.VendorDeadline(job.Id) ?? _time.GetUtcNow();

    /// <summary>The vendor's JSON cleaned by its policy; null when it is not JSON.</summary>
    public string? Clean(ReadOnlySpan<byte> body, PiiPolicy policy)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            return System.Text.Encoding.UTF8.GetString(PiiJson.Clean(document.RootElement, _cleaner, policy));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void GiveUp(WorkItem item, string error, SqliteConnection connection, SqliteTransaction transaction) =>
        _store.Finish(connection, transaction, item.Subject, JobStatus.Failed, null, error);
}
