using Udc.Engine.Database;
using Udc.Tests.Features.Data;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Engine.Database;

/// <summary>
/// The same contacts in a data file, a PostgreSQL table and a SQLite file: <c>/sources</c> flags the same columns as
/// personal data for each, judged on a sample read with the catalog; a sample that fails leaves the catalog whole.
/// </summary>
public sealed class DatabasePersonalDataTests : IAsyncLifetime
{
    /// <summary>Card numbers are the networks' published test numbers (Luhn-valid), in the formats people write them.</summary>
    private const string Contacts = """
        [
          {"contact_id": 1, "email": "ann@example.com", "phone": "+44 20 7946 0001", "card_number": "4111 1111 1111 1111", "note": "prefers mornings", "reference": "1000001"},
          {"contact_id": 2, "email": "bob@example.com", "phone": "+44 20 7946 0002", "card_number": "5500-0000-0000-0004", "note": "call back", "reference": "1000002"},
          {"contact_id": 3, "email": "cy@example.org", "phone": "(212) 555-0103", "card_number": "340000000000009", "note": "new customer", "reference": "1000003"},
          {"contact_id": 4, "email": "dee@example.com", "phone": "+1 212 555 0104", "card_number": "4012888888881881", "note": "vip", "reference": "1000004"},
          {"contact_id": 5, "email": "eve@example.org", "phone": "+33 1 09 75 83 05", "card_number": "6011111111111117", "note": "asked about refunds", "reference": "1000005"},
          {"contact_id": 6, "email": "fay@example.net", "phone": "020 7946 0006", "card_number": "378282246310005", "note": "", "reference": "1000006"}
        ]
        """;

    private PostgresServer _postgres = null!;
    private UdcTestServer _server = null!;
    private TempDataDirectory _data = null!;

    public async ValueTask InitializeAsync()
    {
        _data = new TempDataDirectory();
        _data.Write("contacts.json", Contacts);
        _postgres = await PostgresServer.StartAsync();
        await DatabaseSeeder.CopyToPostgresAsync(_postgres.ConnectionString, _data.PathOf("contacts.json"), "contacts");
        await DatabaseSeeder.CopyToSqliteAsync(_data.PathOf("contacts.sqlite"), _data.PathOf("contacts.json"), "contacts");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Write("connectors.jsonc", """
            { "databases": {
                "contacts_pg": { "engine": "postgresql", "connection_env": "CONTACTS_DB", "table": "contacts" },
                "contacts_lite": { "engine": "sqlite", "file": "contacts.sqlite", "table": "contacts" }
            } }
            """);
        _server = await UdcTestServer.StartAsync(_data.Path, new Dictionary<string, string> { ["CONTACTS_DB"] = _postgres.ConnectionString });
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _postgres.DisposeAsync();
        _data.Dispose();
    }

    private async Task<Dictionary<string, string?>> FlagsAsync(string source)
    {
        var response = await _server.GetOkAsync($"/sources/{source}");
        return response.Data.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!,
            c => c.TryGetProperty("personal_data", out var kind) ? kind.GetString() : null);
    }

    /// <summary>The PostgreSQL table's schema and profile as a refresh reads them before sampling; the caller disposes the client.</summary>
    private (DatabaseSourceDefinition, DatabaseClient, DatabaseSchema, IReadOnlyList<Udc.Engine.Catalog.ColumnProfile>) ReadCatalog(TimeSpan statementTimeout)
    {
        var definition = new DatabaseSourceDefinition("contacts_pg", DatabaseEngine.PostgreSql, _postgres.ConnectionString, "contacts", null, null, null, null, null)
        {
            StatementTimeout = statementTimeout,
        };
        var client = DatabaseClient.Create(definition);
        var (refined, profile, _, _) = DatabaseCatalogReader.ReadProfile(definition, client, DatabaseCatalogReader.ReadSchema(definition, client));
        return (definition, client, refined, profile);
    }

    [Theory]
    [InlineData("contacts_pg")]
    [InlineData("contacts_lite")]
    public async Task Sources_DatabaseSource_FlagsWhatTheDataFileFlags(string source)
    {
        var file = await FlagsAsync("contacts");
        var database = await FlagsAsync(source);

        Assert.Equal(new Dictionary<string, string?>
        {
            ["contact_id"] = null,
            ["email"] = "email",
            ["phone"] = "phone",
            ["card_number"] = "card_number",
            ["note"] = null,
            ["reference"] = null,
        }, file);
        Assert.Equal(file, database);
    }

    [Fact]
    public async Task WithPersonalData_TableLockedPastTheStatementTimeout_CatalogKeptWithoutFlags()
    {
        var (definition, client, refined, profile) = ReadCatalog(TimeSpan.FromMilliseconds(300));
        using var owned = client;
        await using var blocker = new Npgsql.NpgsqlConnection(_postgres.ConnectionString);
        await blocker.OpenAsync(TestContext.Current.CancellationToken);
        await using var transaction = await blocker.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await using (var lockTable = new Npgsql.NpgsqlCommand("LOCK TABLE contacts IN ACCESS EXCLUSIVE MODE", blocker, transaction))
        {
            await lockTable.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var locked = DatabaseCatalogReader.WithPersonalData(definition, client, refined, profile);
        await transaction.RollbackAsync(TestContext.Current.CancellationToken);
        var released = DatabaseCatalogReader.WithPersonalData(definition, client, refined, profile);

        Assert.Equal(profile.Select(p => p.Column.Name), locked.Select(p => p.Column.Name));
        Assert.All(locked, p => Assert.Null(p.PersonalData));
        Assert.Equal(["email", "phone", "card_number"], released.Where(p => p.PersonalData is not null).Select(p => p.PersonalData));
    }

    [Fact]
    public void Sources_DatabaseSource_SampleStatementsParameteriseTheLimit()
    {
        var logged = _postgres.LogText().Length;
        var (definition, client, refined, profile) = ReadCatalog(DatabaseSourceDefinition.DefaultStatementTimeout);
        using var owned = client;

        DatabaseCatalogReader.WithPersonalData(definition, client, refined, profile);

        var samples = _postgres.LogText()[logged..].Split('\n').Where(line => line.Contains(" LIMIT $1", StringComparison.Ordinal)).ToList();
        // The text columns and the integer id, one statement each.
        Assert.Equal(6, samples.Count);
        Assert.All(samples, line => Assert.Contains("FROM \"contacts\" WHERE \"", line, StringComparison.Ordinal));
        Assert.Contains(samples, line => line.Contains("SELECT \"card_number\"::text FROM", StringComparison.Ordinal));
    }
}
