namespace Udc.Engine.Loading;

/// <summary>The kinds of value a column has seen, one bit per <see cref="RawKind"/>.</summary>
[Flags]
internal enum RawKindSet
{
    None = 0,
    Null = 1 << RawKind.Null,
    String = 1 << RawKind.String,
    Number = 1 << RawKind.Number,
    True = 1 << RawKind.True,
    False = 1 << RawKind.False,
    JsonText = 1 << RawKind.JsonText,
    Text = 1 << RawKind.Text,
}
