using System.Text;
using System.Text.Json;
using Udc.Jobs;

namespace Udc.Tests.Jobs;

public sealed class PiiCleanerTests
{
    private static readonly PiiCleaner s_cleaner = new(Encoding.UTF8.GetBytes("a test key of 32 bytes, no more."));

    [Theory]
    [InlineData("Contact: jane.doe+tag@mail.example.co.uk today", "Contact: [email] today")]
    [InlineData("card 4111 1111 1111 1111 on file", "card [card ****1111] on file")]
    [InlineData("card 4111-1111-1111-1111", "card [card ****1111]")]
    [InlineData("amex 378282246310005.", "amex [card ****0005].")]
    [InlineData("IBAN DE89 3704 0044 0532 0130 00 FOR RENT", "IBAN [iban] FOR RENT")]
    [InlineData("iban GB82WEST12345698765432", "iban [iban]")]
    [InlineData("from 192.168.1.20, port 80", "from [ip], port 80")]
    [InlineData("v6 2001:db8::8a2e:370:7334 seen", "v6 [ip] seen")]
    [InlineData("call +44 20 7946 0958 now", "call [phone] now")]
    [InlineData("call +49 (30) 123456-78", "call [phone]")]
    [InlineData("tel (415) 555-2671", "tel [phone]")]
    [InlineData("tel 415.555.2671", "tel [phone]")]
    [InlineData("Büro 030/1234 5678", "Büro [phone]")]
    [InlineData("+33 1 42 68 53 00", "[phone]")]
    public void Clean_Mask_ReplacesWhatItFinds(string input, string expected) =>
        Assert.Equal(expected, s_cleaner.Clean(input, PiiPolicy.Mask));

    [Theory]
    [InlineData("order 4111 1111 1111 1112")]
    [InlineData("tracking 1234567890123456")]
    [InlineData("IBAN DE00 3704 0044 0532 0130 00")]
    [InlineData("released 2024-01-15 at 12:30:45")]
    [InlineData("version 1.2.3.4.5")]
    [InlineData("999.1.1.1 is not an address")]
    [InlineData("total 1,234,567.89 EUR")]
    [InlineData("ISBN 978-3-16-148410-0")]
    [InlineData("user@localhost has no domain")]
    public void Clean_LooksLikePiiButFailsItsCheck_Unchanged(string input) =>
        Assert.Equal(input, s_cleaner.Clean(input, PiiPolicy.Mask));

    [Fact]
    public void Clean_Hash_EqualValuesEqualHashesWhateverTheirFormat()
    {
        var spaced = s_cleaner.Clean("4111 1111 1111 1111", PiiPolicy.Hash);
        var dashed = s_cleaner.Clean("4111-1111-1111-1111", PiiPolicy.Hash);
        var email = s_cleaner.Clean("Jane@Example.com", PiiPolicy.Hash);

        Assert.Matches("^\\[card:[0-9a-f]{12}\\]$", spaced);
        Assert.Equal(spaced, dashed);
        Assert.Equal(email, s_cleaner.Clean("jane@example.com", PiiPolicy.Hash));
        Assert.NotEqual(email, new PiiCleaner(new byte[32]).Clean("jane@example.com", PiiPolicy.Hash));
    }

    [Fact]
    public void Clean_Drop_RemovesAndTrims()
    {
        Assert.Equal("write to", s_cleaner.Clean("  write to jane@example.com ", PiiPolicy.Drop));
    }

    [Fact]
    public void Clean_Off_OnlyTrims()
    {
        Assert.Equal("jane@example.com", s_cleaner.Clean("  jane@example.com\t", PiiPolicy.Off));
    }

    [Fact]
    public void CleanJson_NestedStringsAndCardNumbers_CleanedNamesKept()
    {
        using var document = JsonDocument.Parse("""
            {"email":" jane@example.com ","contacts":[{"phone":"+1 415 555 2671"}],"card":4111111111111111,"count":1234567890123,"ok":true,"note":null}
            """);

        var cleaned = Encoding.UTF8.GetString(PiiJson.Clean(document.RootElement, s_cleaner, PiiPolicy.Mask));

        Assert.Equal("""{"email":"[email]","contacts":[{"phone":"[phone]"}],"card":"[card ****1111]","count":1234567890123,"ok":true,"note":null}""", cleaned);
    }

    [Theory]
    [InlineData("79927398713", false)]
    [InlineData("4111111111111111", true)]
    [InlineData("4111111111111112", false)]
    [InlineData("6011111111111117", true)]
    public void Luhn_KnownNumbers(string digits, bool valid) => Assert.Equal(valid, PiiCleaner.Luhn(digits));
}
