using System.Diagnostics.CodeAnalysis;

namespace Udc.Engine.Loading;

/// <summary>Throw sites kept out of the loaders' per-value loops.</summary>
internal static class LoadThrow
{
    [DoesNotReturn]
    public static void ColumnTooLarge(string column) =>
        throw new InvalidDataException($"column '{column}' holds more than {Array.MaxLength} bytes of text");

    [DoesNotReturn]
    public static void TooManyColumns(string fileName) =>
        throw new SourceLoadException(fileName, $"more than {TableBuilder.MaxColumns} distinct keys; this is not a table", null, null);
}
