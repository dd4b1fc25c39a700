using System.Text.Json;
using System.Text.Unicode;

namespace Udc.Engine.Generation;

internal static partial class DemoDataGenerator
{
    private static readonly JsonEncodedText s_customerId = Encode("customer_id");
    private static readonly JsonEncodedText s_name = Encode("name");
    private static readonly JsonEncodedText s_email = Encode("email");
    private static readonly JsonEncodedText s_status = Encode("status");

    private static readonly JsonEncodedText s_active = Encode("active");
    private static readonly JsonEncodedText s_inactive = Encode("inactive");
    private static readonly JsonEncodedText s_churned = Encode("churned");

    private static void WriteCustomers(Utf8JsonWriter writer, DemoDataOptions options)
    {
        var rng = SplitMix64.ForStream(options.Seed, CustomersStream);
        Span<byte> scratch = stackalloc byte[ScratchBytes];
        var firstNames = DemoVocabulary.FirstNames;
        var lastNames = DemoVocabulary.LastNames;

        writer.WriteStartArray();
        for (var id = 1; id <= options.Customers; id++)
        {
            var first = firstNames[rng.NextInt32(firstNames.Length)];
            var last = lastNames[rng.NextInt32(lastNames.Length)];

            writer.WriteStartObject();
            writer.WriteNumber(s_customerId, id);
            if (!Utf8.TryWrite(scratch, $"{first.Text} {last.Text}", out var written))
            {
                ThrowScratchTooSmall();
            }

            writer.WriteString(s_name, scratch[..written]);
            if (!Utf8.TryWrite(scratch, $"{first.EmailPart}.{last.EmailPart}{id}@example.com", out written))
            {
                ThrowScratchTooSmall();
            }

            writer.WriteString(s_email, scratch[..written]);
            writer.WriteString(s_status, NextCustomerStatus(ref rng));
            WriteCreatedAt(writer, ref rng, scratch);
            writer.WriteEndObject();
            FlushIfFull(writer);
        }

        writer.WriteEndArray();
    }

    // 65 % active, 20 % inactive, 15 % churned.
    private static JsonEncodedText NextCustomerStatus(ref SplitMix64 rng) => rng.NextInt32(100) switch
    {
        < 65 => s_active,
        < 85 => s_inactive,
        _ => s_churned,
    };
}
