using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Udc.Access;

namespace Udc.Tests.Access;

public sealed class KeyProofTests
{
    private const string Key = "udc_abcdefghijkl_0123456789abcdefghijklmnopqrstuvwxyzABCDEF";

    [Fact]
    public void Proves_SameKey_True_AnyOtherKey_False()
    {
        var proof = new KeyProof(Key, "abcdefghijkl");

        Assert.True(proof.Proves(new string(Key.AsSpan())));
        Assert.False(proof.Proves(Key[..^1] + "X"));
        Assert.False(proof.Proves(Key[..^1]));
        Assert.False(proof.Proves(""));
    }

    [Theory]
    [InlineData("HTTP/1.1", true)]
    [InlineData("HTTP/1.0", true)]
    [InlineData("HTTP/2", false)]
    [InlineData("HTTP/3", false)]
    public void Keep_KeptOnlyWhereRequestsOnAConnectionRunOneAfterAnother(string protocol, bool kept)
    {
        var items = new ConnectionItems();
        var first = Request(protocol, items);
        var second = Request(protocol, items);

        KeyProof.Keep(first, Key, "abcdefghijkl");

        Assert.Equal(kept, KeyProof.On(second)?.Proves(Key) == true);
        Assert.Equal(kept ? 1 : 0, items.Items.Count);
    }

    [Fact]
    public void On_NoConnectionItems_NoProof()
    {
        var context = new DefaultHttpContext();
        context.Request.Protocol = "HTTP/1.1";

        KeyProof.Keep(context, Key, "abcdefghijkl");

        Assert.Null(KeyProof.On(context));
    }

    private static DefaultHttpContext Request(string protocol, ConnectionItems items)
    {
        var context = new DefaultHttpContext();
        context.Request.Protocol = protocol;
        context.Features.Set<IConnectionItemsFeature>(items);
        return context;
    }

    private sealed class ConnectionItems : IConnectionItemsFeature
    {
        public IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();
    }
}
