using Udc.Engine.Loading;

namespace Udc.Fuzz.Targets;

/// <summary>The JSON, NDJSON and CSV loaders: any bytes are a table or a <see cref="SourceLoadException"/>.</summary>
internal sealed class TableTarget(string name, SourceFormat format) : FuzzTarget
{
    public override string Name => name;

    public override void Run(ReadOnlySpan<byte> input)
    {
        try
        {
            var table = TableLoader.Read(input.ToArray(), $"fuzz.{name}", format, out _);
            // Every column answers what the catalog asks of it: distinct counts and sort keys.
            foreach (var column in table.Columns)
            {
                _ = column.DistinctCount;
                _ = column.OrderKeys;
            }
        }
        catch (SourceLoadException)
        {
        }
    }
}
