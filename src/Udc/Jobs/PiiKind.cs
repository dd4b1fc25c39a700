namespace Udc.Jobs;

/// <summary>The kinds of personal data <see cref="PiiCleaner"/> finds, in the order it looks for them.</summary>
internal enum PiiKind
{
    Email,
    Iban,
    Card,
    Ip,
    Phone,
}
