using System.Text.Json;
using System.Text.Unicode;

namespace Udc.Engine.Generation;

internal static partial class DemoDataGenerator
{
    // Ticket ids start here, so "ticket #123" exists in the default 50 tickets.
    public const int FirstTicketId = 101;

    private static readonly JsonEncodedText s_ticketId = Encode("ticket_id");
    private static readonly JsonEncodedText s_subject = Encode("subject");
    private static readonly JsonEncodedText s_priority = Encode("priority");

    private static readonly JsonEncodedText s_open = Encode("open");
    private static readonly JsonEncodedText s_pending = Encode("pending");
    private static readonly JsonEncodedText s_closed = Encode("closed");
    private static readonly JsonEncodedText s_high = Encode("high");
    private static readonly JsonEncodedText s_medium = Encode("medium");
    private static readonly JsonEncodedText s_low = Encode("low");

    private static readonly JsonEncodedText[] s_fixedSubjects = Array.ConvertAll(DemoVocabulary.FixedSubjects, Encode);

    private static void WriteTickets(Utf8JsonWriter writer, DemoDataOptions options)
    {
        var rng = SplitMix64.ForStream(options.Seed, TicketsStream);
        Span<byte> scratch = stackalloc byte[ScratchBytes];
        var fixedSubjects = s_fixedSubjects;
        var numberedSubjects = DemoVocabulary.NumberedSubjects;
        var lastId = FirstTicketId + options.Tickets - 1;

        writer.WriteStartArray();
        for (var id = FirstTicketId; id <= lastId; id++)
        {
            writer.WriteStartObject();
            writer.WriteNumber(s_ticketId, id);
            writer.WriteNumber(s_customerId, 1 + rng.NextInt32(options.Customers));

            // Half the subjects repeat (good for grouping), half carry a number (high cardinality).
            if (rng.NextInt32(2) == 0)
            {
                writer.WriteString(s_subject, fixedSubjects[rng.NextInt32(fixedSubjects.Length)]);
            }
            else
            {
                var template = numberedSubjects[rng.NextInt32(numberedSubjects.Length)];
                var number = template.NextNumber(ref rng);
                if (!Utf8.TryWrite(scratch, $"{template.Prefix}{number}{template.Suffix}", out var written))
                {
                    ThrowScratchTooSmall();
                }

                writer.WriteString(s_subject, scratch[..written]);
            }

            writer.WriteString(s_status, NextTicketStatus(ref rng));
            writer.WriteString(s_priority, NextPriority(ref rng));
            WriteCreatedAt(writer, ref rng, scratch);
            writer.WriteEndObject();
            FlushIfFull(writer);
        }

        writer.WriteEndArray();
    }

    // 40 % open, 20 % pending, 40 % closed.
    private static JsonEncodedText NextTicketStatus(ref SplitMix64 rng) => rng.NextInt32(100) switch
    {
        < 40 => s_open,
        < 60 => s_pending,
        _ => s_closed,
    };

    // 30 % high, 45 % medium, 25 % low.
    private static JsonEncodedText NextPriority(ref SplitMix64 rng) => rng.NextInt32(100) switch
    {
        < 30 => s_high,
        < 75 => s_medium,
        _ => s_low,
    };
}
