using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Connections.Features;

namespace Udc.Access;

/// <summary>
/// A client key whose secret was checked on this connection. A keep-alive client sends the same key on every
/// request; the next ones compare it with this (constant time, ~20 ns) instead of hashing it again (SHA-256,
/// ~400 ns, most of what authentication costs a cached response). Revocation and expiry are still checked on
/// every request (<see cref="ApiKeyRegistry.ValidateProven"/>). A proxy that pools connections for many
/// clients is safe: a different key does not match and is checked in full.
/// </summary>
internal sealed class KeyProof(string presented, string keyId)
{
    /// <summary>The connection item it is kept under.</summary>
    private static readonly object s_item = new();

    public string KeyId => keyId;

    /// <summary>
    /// The proof kept on this request's connection, if any. HTTP/1.x only: its requests on a connection run one
    /// after another, where HTTP/2 streams would share the connection's items concurrently.
    /// </summary>
    public static KeyProof? On(HttpContext context) =>
        IsSequential(context) && context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(s_item, out var item) == true ? item as KeyProof : null;

    public static void Keep(HttpContext context, string presented, string keyId)
    {
        if (IsSequential(context) && context.Features.Get<IConnectionItemsFeature>()?.Items is { } items)
        {
            items[s_item] = new KeyProof(presented, keyId);
        }
    }

    public bool Proves(string candidate) =>
        CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(presented.AsSpan()), MemoryMarshal.AsBytes(candidate.AsSpan()));

    private static bool IsSequential(HttpContext context) => HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol);
}
