namespace Udc.Engine.Catalog;

/// <summary>Where a snapshot's table came from.</summary>
internal enum LoadOrigin
{
    /// <summary>Parsed from the data file.</summary>
    File,

    /// <summary>Read from a snapshot file of an unchanged data file.</summary>
    Snapshot,
}
