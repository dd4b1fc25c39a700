using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Udc.Access;
using Udc.RateLimiting;
using Udc.Redis;
using Udc.Storage;

namespace Udc.Benchmarks.Access;

/// <summary>
/// What authentication and rate limiting add to each request, without HTTP around them: validating a client
/// key (parse, checksum, SHA-256 of the secret, constant-time compare, last use), the same once proven on the
/// connection, and one acquisition of its
/// per-source window with its headers. Both must stay allocation-free but for the headers' strings.
/// </summary>
[MemoryDiagnoser]
public class AccessHotPathBenchmarks
{
    private string _directory = "";
    private ApiKeyRegistry _registry = null!;
    private RequestRateLimiter _limiter = null!;
    private RedisConnection _redis = null!;
    private string _key = "";
    private string _id = "";
    private KeyProof _proof = null!;
    private HttpResponse _response = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("udc-bench-").FullName;
        var store = new ApiKeyStore(new SqliteDatabase(Path.Combine(_directory, "udc.db")));
        _registry = new ApiKeyRegistry(store, TimeProvider.System);
        var (id, plaintext, hash) = ApiKeyFormat.Generate();
        var record = new ApiKeyRecord(id, "bench", hash, null, DateTimeOffset.UtcNow, null, null, null);
        store.Insert(record);
        _registry.Created(record);
        _key = plaintext;
        _id = id;
        // A copy, as the next request's header is a string of its own.
        _proof = new KeyProof(new string(plaintext.AsSpan()), id);
        _redis = new RedisConnection(new RedisSettings(null, null), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<RedisConnection>.Instance);
        var settings = new RateLimitSettings(int.MaxValue, System.Collections.Frozen.FrozenDictionary<string, int>.Empty, 60, 10, 100_000);
        _limiter = new RequestRateLimiter(settings, _redis, TimeProvider.System);
        _response = new DefaultHttpContext().Response;
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _redis.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark]
    public bool ValidateKey() => _registry.Validate(_key) is not null;

    /// <summary>The same key proven earlier on the connection: a constant-time compare and the revocation and expiry check.</summary>
    [Benchmark]
    public bool ValidateProvenKey() => _proof.Proves(_key) && _registry.ValidateProven(_id) is not null;

    /// <summary>The SHA-256 of the secret alone: the part of <see cref="ValidateKey"/> that proves the key.</summary>
    [Benchmark]
    public byte HashSecret()
    {
        Span<byte> hash = stackalloc byte[32];
        ApiKeyFormat.HashSecret(_key.AsSpan(17, ApiKeyFormat.SecretLength), hash);
        return hash[0];
    }

    private readonly System.Security.Cryptography.IncrementalHash _incremental = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);

    [Benchmark]
    public byte HashSecretIncremental()
    {
        Span<byte> bytes = stackalloc byte[32];
        System.Text.Encoding.ASCII.GetBytes(_key.AsSpan(17, ApiKeyFormat.SecretLength), bytes);
        Span<byte> hash = stackalloc byte[32];
        _incremental.AppendData(bytes);
        _incremental.GetHashAndReset(hash);
        return hash[0];
    }

    [Benchmark]
    public bool AcquireWindowAndWriteHeaders()
    {
        var pending = _limiter.AcquireAsync("key:bench", "crm");
        var decision = (pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult())!.Value;
        RateLimitHeaders.Write(_response, decision);
        return decision.Allowed;
    }
}
