using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Udc.Engine.Catalog;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Hosting;

/// <summary>
/// Loading a source no longer counts its columns' distinct values (a tool schema needs only the few listed ones); the
/// server counts them in the background once the sources are in, so describing a source answers without counting.
/// </summary>
public sealed class DistinctCountsLaterTests : IDisposable
{
    private readonly TempDataDirectory _dir = new("udc-distinct-later-");

    [Fact]
    public async Task Start_EverySourceLoaded_ColumnsCountedInTheBackgroundAndDescribedWithTheirCounts()
    {
        _dir.Write("notes.csv", Notes(2_000));
        await using var server = await UdcTestServer.StartAsync(_dir.Path);
        var catalog = server.Services.GetRequiredService<SourceCatalog>();

        var columns = catalog.Sources.Single().Snapshot!.Table.Columns;
        await WaitUntil(() => columns.All(c => c.IsDistinctCounted));

        var description = await server.Client.GetStringAsync("/sources/notes", TestContext.Current.CancellationToken);
        Assert.Contains("\"distinct_count\":2000", description, StringComparison.Ordinal);
        Assert.Contains("\"distinct_count\":7", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_NewVersionOfASource_ItsColumnsCountedToo()
    {
        _dir.Write("notes.csv", Notes(500));
        await using var server = await UdcTestServer.StartAsync(_dir.Path);
        var catalog = server.Services.GetRequiredService<SourceCatalog>();
        var first = catalog.Sources.Single().Snapshot!;

        _dir.Write("notes.csv", Notes(800));
        await WaitUntil(() => catalog.Sources.Single().Snapshot is { } next && next != first && next.RowCount == 800);

        var columns = catalog.Sources.Single().Snapshot!.Table.Columns;
        await WaitUntil(() => columns.All(c => c.IsDistinctCounted));
        Assert.Equal(800, columns.Single(c => c.Name == "note").DistinctCount);
    }

    [Fact]
    public void Load_WithoutTheServer_PlainTextLeftUncounted()
    {
        var table = Udc.Engine.Loading.TableLoader.Load(_dir.Write("notes.csv", Notes(2_000)), Udc.Engine.Loading.SourceFormat.Csv);

        var profile = SourceProfile.Build(table);

        Assert.False(table.Columns.Single(c => c.Name == "note").IsDistinctCounted);
        Assert.Equal(2_000, profile.Columns.Single(p => p.Column.Name == "note").DistinctCount);
        Assert.True(table.Columns.Single(c => c.Name == "note").IsDistinctCounted);
    }

    public void Dispose() => _dir.Dispose();

    private static string Notes(int rows)
    {
        var csv = new StringBuilder("id,note,day\n");
        for (var i = 0; i < rows; i++)
        {
            csv.Append(i).Append(",note number ").Append(i).Append(",2024-03-0").Append(1 + i % 7).Append('\n');
        }
        return csv.ToString();
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        Assert.True(condition(), "not within 10 s");
    }
}
