namespace Udc.Audit;

/// <summary>
/// What a request costs in quota units: one for the call, one per thousand rows scanned, one per row returned. A
/// record lookup in a million rows costs about a thousand; an export of those million rows about a million, so a
/// quota of, say, 100,000 units a minute allows a hundred lookups a minute or a tenth of that export.
/// </summary>
internal static class ReadCharge
{
    /// <summary>Scanning is column passes over memory, ~1,000 times cheaper per row than writing a row out.</summary>
    public const long RowsScannedPerUnit = 1_000;

    public static long Of(long scanned, long returned) => 1 + (scanned + RowsScannedPerUnit - 1) / RowsScannedPerUnit + returned;

    public static long Of(ReadLedger ledger) => Of(ledger.RowsScanned, ledger.RowsReturned);
}
