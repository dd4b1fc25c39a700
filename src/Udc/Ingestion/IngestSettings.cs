using Udc.Hosting;
using Udc.Ingestion.Connectors;
using Udc.Ingestion.Fetching;

namespace Udc.Ingestion;

/// <summary>
/// <c>UDC_CONNECTORS</c>: the connectors file, which declares connectors and database sources (default
/// <c>connectors.jsonc</c> in the data folder; none there, neither). <c>UDC_INGEST_FAULTS</c>: injected faults for drills, <c>name:page:fail|stall|garbage</c>, comma-separated.
/// </summary>
/// <param name="Connectors">The connectors file as read at start: the connectors that passed their checks and every problem found.</param>
internal sealed record IngestSettings(string ConnectorsPath, IReadOnlyList<IngestFault> Faults, ConnectorSet Connectors)
{
    /// <param name="environment">Where a connector's secret headers are read from.</param>
    public static IngestSettings Read(SettingsReader reader, string dataDirectory, Func<string, string?> environment)
    {
        var errors = new List<string>();
        var faults = IngestFault.ParseList(reader.String("UDC_INGEST_FAULTS"), errors);
        foreach (var error in errors)
        {
            reader.Error(error);
        }
        var path = reader.String("UDC_CONNECTORS") is { } configured ? Path.GetFullPath(configured) : Path.Combine(dataDirectory, ConnectorFile.DefaultFileName);
        var connectors = ConnectorFile.Read(path, dataDirectory, environment);
        foreach (var error in connectors.StartErrors)
        {
            reader.Error(error);
        }
        return new IngestSettings(path, faults, connectors);
    }

    public IngestFault? FaultFor(string connector) => Faults.FirstOrDefault(f => f.Connector == connector);
}
