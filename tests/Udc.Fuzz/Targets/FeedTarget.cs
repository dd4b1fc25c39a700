using System.Text.Json;
using Udc.Ingestion.Fetching;

namespace Udc.Fuzz.Targets;

/// <summary>
/// An RSS 2.0, RSS 1.0 (RDF) or Atom document as a feed connector receives it: its items read into records. XML
/// from strangers may be malformed, carry a DTD, nest too deep or lack ids; each is a <see cref="FetchException"/>
/// or a rejected item. Anything else thrown is a crash, and every record kept must be a JSON object the source can
/// load.
/// </summary>
internal sealed class FeedTarget : FuzzTarget
{
    public override string Name => "feed";

    public override void Run(ReadOnlySpan<byte> input)
    {
        var page = new FetchedPage();
        try
        {
            FeedFetcher.Read(input.ToArray(), page);
        }
        catch (FetchException)
        {
            return;
        }
        foreach (var record in page.Records)
        {
            using var normalized = JsonDocument.Parse(record.Normalized);
            if (normalized.RootElement.ValueKind != JsonValueKind.Object || normalized.RootElement.GetProperty("id").GetString() != record.Id)
            {
                throw new InvalidOperationException($"feed item {record.Id} normalized to {normalized.RootElement.GetRawText()}");
            }
        }
    }
}
