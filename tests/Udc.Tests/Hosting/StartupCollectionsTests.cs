using System.Runtime;
using Udc.Hosting;

namespace Udc.Tests.Hosting;

/// <summary>
/// The start's pause in garbage collection is process-wide: these tests run alone, so no other test's allocations
/// or collections end the region under them.
/// </summary>
[Collection(nameof(GcRegionCollection))]
public sealed class StartupCollectionsTests
{
    [Fact]
    public void Pause_ThenAllocating_NoCollectionUntilResume()
    {
        StartupCollections.Pause();
        try
        {
            var collections = GC.CollectionCount(0);
            var kept = new List<byte[]>();
            for (var i = 0; i < 2_000; i++)
            {
                kept.Add(new byte[4_000]);
            }
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            Assert.Equal(collections, GC.CollectionCount(0));
            GC.KeepAlive(kept);
        }
        finally
        {
            StartupCollections.Resume();
        }
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void Resume_AfterTheRegionEndedOnItsOwn_DoesNotThrow()
    {
        StartupCollections.Pause();
        GC.Collect();
        StartupCollections.Resume();
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void PauseTwice_ThenResume_EndsTheOneRegion()
    {
        StartupCollections.Pause();
        StartupCollections.Pause();
        StartupCollections.Resume();
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        StartupCollections.Resume();
    }
}

[CollectionDefinition(nameof(GcRegionCollection), DisableParallelization = true)]
public sealed class GcRegionCollection;
