namespace Udc.Engine.Catalog;

/// <summary>Where the catalog finds its data and configuration, and the sources that live in databases.</summary>
internal sealed record CatalogOptions(string DataDirectory, string? ConfigPath = null)
{
    public IReadOnlyList<Database.DatabaseSourceDefinition> Databases { get; init; } = [];
}
