using System.Text;
using Udc.Engine.Policies;

namespace Udc.Tests.Engine.Policies;

public sealed class ValueMaskerTests
{
    private static readonly byte[] s_key = Encoding.UTF8.GetBytes("a-hash-key-of-at-least-32-characters!");
    private static readonly byte[] s_otherKey = Encoding.UTF8.GetBytes("another-hash-key-of-32-characters-or-more");

    [Fact]
    public void KeyTag_EightHexDigits_TheSameOnEveryRead()
    {
        var masker = new ValueMasker(s_key);

        Assert.Matches("^[0-9a-f]{8}$", masker.KeyTag);
        Assert.Equal(masker.KeyTag, masker.KeyTag);
        Assert.Equal(masker.KeyTag, new ValueMasker(s_key).KeyTag);
    }

    [Fact]
    public void KeyTag_AnotherKey_AnotherTag()
    {
        Assert.NotEqual(new ValueMasker(s_key).KeyTag, new ValueMasker(s_otherKey).KeyTag);
    }

    [Fact]
    public void Hash_DependsOnTheKey_AndIsStable()
    {
        var masker = new ValueMasker(s_key);

        var pseudonym = masker.Apply(ColumnRule.Hash, "+44 20 7946 0018");

        Assert.Equal(pseudonym, new ValueMasker(s_key).Apply(ColumnRule.Hash, "+44 20 7946 0018"));
        Assert.NotEqual(pseudonym, new ValueMasker(s_otherKey).Apply(ColumnRule.Hash, "+44 20 7946 0018"));
        Assert.DoesNotContain("7946", pseudonym, StringComparison.Ordinal);
    }
}
