namespace Udc.Engine.Loading;

/// <summary>
/// Parses the chunks of one file on every core, each into its own <see cref="TableBuilder"/>. Any chunk that
/// fails (bad data, or a cut that was not between records) stops the others and yields null: the file is then
/// read in one piece, which gives the exact result or the exact error with its line.
/// </summary>
internal static class ChunkedRead
{
    public static TableBuilder[]? Run(int count, LoadProgress? progress, Func<int, ChunkAbort, TableBuilder> read)
    {
        progress?.BeginParsing(count);
        var builders = new TableBuilder[count];
        var abort = new ChunkAbort();
        try
        {
            ParallelLoops.For(count, i =>
            {
                try
                {
                    abort.ThrowIfSet();
                    builders[i] = read(i, abort);
                }
                catch
                {
                    abort.Set();
                    throw;
                }
            });
            return builders;
        }
#pragma warning disable CA1031 // Any failure means "read it whole", which reports the failure properly.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}

/// <summary>Set when one chunk of a file failed; the other chunks check it every few thousand records and stop.</summary>
internal sealed class ChunkAbort
{
    private volatile bool _set;

    public void Set() => _set = true;

    public void ThrowIfSet()
    {
        if (_set)
        {
            throw new OperationCanceledException("another chunk of the file failed");
        }
    }
}
