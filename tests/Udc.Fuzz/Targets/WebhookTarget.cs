using System.Text.Json;
using Udc.Engine.Patching;
using Udc.Webhooks;

namespace Udc.Fuzz.Targets;

/// <summary>
/// A signed webhook's body, past the signature: parsed, its payload read as record changes for the crm source,
/// the changes read again as they are when stored, and applied to the customers table. Bad JSON, bad records
/// and records that do not fit the table are refusals (a <see cref="JsonException"/> before anything is stored,
/// validation issues, a <see cref="SourcePatchException"/>); anything else thrown is a crash.
/// </summary>
internal sealed class WebhookTarget : FuzzTarget
{
    public override string Name => "webhook";

    public override void Run(ReadOnlySpan<byte> input)
    {
        // As the endpoint does: a body that is not UTF-8 is refused before it is parsed.
        if (Udc.Hosting.JsonBodyIssue.NotUtf8(input) is not null)
        {
            return;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(input.ToArray());
        }
        catch (JsonException)
        {
            return;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("event_type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                return;
            }
            var payload = root.TryGetProperty("payload", out var given) ? given : default;
            var snapshot = DemoSnapshots.Get("crm");
            var (changes, issues) = WebhookPayload.Read(payload, type.GetString()!, snapshot.IdColumn?.Name);
            if (issues.Count > 0 || changes.Count == 0)
            {
                return;
            }
            var stored = WebhookPayload.ChangesOf(payload.GetRawText(), type.GetString()!);
            try
            {
                TablePatcher.Apply(snapshot.Table, snapshot.IdColumn!, stored, "customers.json");
            }
            catch (SourcePatchException)
            {
            }
        }
    }
}
