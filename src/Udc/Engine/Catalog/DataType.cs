namespace Udc.Engine.Catalog;

/// <summary>The seed's classification of a source, which tells a model how to read it.</summary>
internal enum DataType
{
    /// <summary>Flat records.</summary>
    Tabular,

    /// <summary>Timestamped measurements.</summary>
    TimeSeries,

    /// <summary>Records with nested objects or arrays.</summary>
    Hierarchical,
}

internal static class DataTypeNames
{
    public static string ToWireName(this DataType type) => type switch
    {
        DataType.TimeSeries => "time_series",
        DataType.Hierarchical => "hierarchical",
        _ => "tabular",
    };
}
