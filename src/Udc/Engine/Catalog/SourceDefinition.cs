using Udc.Engine.Loading;

namespace Udc.Engine.Catalog;

/// <summary>What a source is: its name, its file, and what the configuration says about its columns.</summary>
/// <param name="Name">The name used in URLs and tools (<c>crm</c>).</param>
/// <param name="Path">The data file.</param>
/// <param name="IdColumn">The column that identifies a record; inferred when null.</param>
/// <param name="TimeColumn">The column that orders records in time; inferred when null.</param>
/// <param name="Noun">What one record is, in words (<c>customer</c>); derived from the file name when null.</param>
internal sealed record SourceDefinition(string Name, string Path, SourceFormat Format, string? IdColumn, string? TimeColumn, string? Noun)
{
    public string FileName => System.IO.Path.GetFileName(Path);

    /// <summary>Where a database source lives; null for a data file.</summary>
    public Database.DatabaseSourceDefinition? Database { get; init; }
}
