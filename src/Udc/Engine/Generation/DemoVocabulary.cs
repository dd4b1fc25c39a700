namespace Udc.Engine.Generation;

/// <summary>The fixed word pools the demo data is drawn from. Changing any pool changes every seed's output.</summary>
internal static class DemoVocabulary
{
    // A few names carry non-ASCII letters so that UTF-8 handling is exercised end to end.
    public static readonly DemoName[] FirstNames =
    [
        new("Olivia"), new("Liam"), new("Emma"), new("Noah"), new("Ava"), new("Lucas"),
        new("Mia"), new("Ethan"), new("Sofia"), new("Mateo"), new("Amara"), new("Kenji"),
        new("Priya"), new("Omar"), new("Chloé"), new("José"), new("Zoë"), new("Åsa"),
        new("Björn"), new("Léa"), new("Ingrid"), new("Diego"), new("Hannah"), new("Wei"),
    ];

    public static readonly DemoName[] LastNames =
    [
        new("Smith"), new("Johnson"), new("Garcia"), new("Müller"), new("Nguyen"), new("Patel"),
        new("Kim"), new("Rossi"), new("Novak"), new("Silva"), new("Okafor"), new("Andersson"),
        new("Dubois"), new("Kowalski"), new("Tanaka"), new("O'Brien"), new("Núñez"), new("Søndergaard"),
        new("Fischer"), new("Martin"), new("Haddad"), new("Costa"), new("Ivanova"), new("Brown"),
    ];

    public static readonly string[] FixedSubjects =
    [
        "Login page not loading",
        "Payment gateway errors",
        "Database connection timeouts",
        "Password reset email not received",
        "Two-factor code rejected",
        "Dashboard charts show no data",
        "Export to CSV fails",
        "API rate limit reached too early",
        "Webhook deliveries failing",
        "Mobile app crashes on startup",
        "Slow search results",
        "Unable to upload attachments",
        "Billing address cannot be updated",
        "Subscription upgrade not applied",
        "Duplicate charges on card",
        "SSO login redirect loop",
        "Notifications not arriving",
        "Report totals do not match",
        "Account locked after failed logins",
        "Slack integration disconnected",
        "Wrong timezone in scheduled reports",
        "Cannot delete old projects",
        "Invite link expired",
        "Data import stuck at 99%",
        "Dark mode text unreadable",
        "API returns 500 on large requests",
        "Audit log missing entries",
        "Custom domain SSL error",
        "Calendar sync duplicates events",
        "Feature request: bulk edit",
    ];

    public static readonly SubjectTemplate[] NumberedSubjects =
    [
        new("Refund request for order ", "", 10_000, 99_999),
        new("Invoice ", " shows wrong amount", 1_000, 9_999),
        new("Order ", " not delivered", 10_000, 99_999),
        new("Cannot access workspace ", "", 100, 9_999),
        new("Error code E", " during checkout", 100, 999),
        new("Shipment ", " delayed", 100_000, 999_999),
        new("Charge ", " disputed", 10_000, 99_999),
        new("Build ", " failed to deploy", 1_000, 9_999),
    ];
}
