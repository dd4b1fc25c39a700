using Microsoft.Data.Sqlite;
using Udc.Access;
using Udc.Storage;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Access;

/// <summary>The in-memory key cache over a real SQLite file, on a clock the test moves.</summary>
public sealed class ApiKeyRegistryTests : IDisposable
{
    private readonly TempDataDirectory _directory = new("udc-registry-");
    private readonly ManualTimeProvider _time = new();
    private readonly ApiKeyStore _store;
    private readonly ApiKeyRegistry _registry;

    public ApiKeyRegistryTests()
    {
        _store = new ApiKeyStore(new SqliteDatabase(_directory.PathOf("udc.db")));
        _registry = new ApiKeyRegistry(_store, _time);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public void Validate_AfterTheRecheck_SameIdentityWhileSourcesUnchanged()
    {
        var (id, key) = Create(["crm"]);
        var first = _registry.Validate(key);

        _time.Advance(ApiKeyRegistry.RecheckAfter + TimeSpan.FromSeconds(1));
        var second = _registry.Validate(key);

        Assert.NotNull(first);
        Assert.Same(first, second);
        Assert.Equal(id, second!.KeyId);
    }

    [Fact]
    public void ValidateProven_RevokedInTheDatabase_RefusedAfterTheRecheck()
    {
        var (id, key) = Create(null);
        Assert.NotNull(_registry.Validate(key));

        _store.Revoke(id, _time.GetUtcNow());
        _time.Advance(ApiKeyRegistry.RecheckAfter + TimeSpan.FromSeconds(1));

        Assert.Null(_registry.ValidateProven(id));
        Assert.Null(_registry.Validate(key));
    }

    private (string Id, string Key) Create(IReadOnlyList<string>? sources)
    {
        var (id, plaintext, hash) = ApiKeyFormat.Generate();
        var record = new ApiKeyRecord(id, "test", hash, sources, _time.GetUtcNow(), null, null, null);
        _store.Insert(record);
        _registry.Created(record);
        return (id, plaintext);
    }
}
