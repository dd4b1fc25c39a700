namespace Udc.Engine.Catalog;

/// <summary>Where the catalog finds its data and configuration.</summary>
internal sealed record CatalogOptions(string DataDirectory, string? ConfigPath = null);
