namespace Udc.Features.Assistant.FastPath;

internal enum TokenKind
{
    Word,
    Number,
    Date,
}

/// <summary>
/// A word (lower case), a number or a calendar date of a question. A number keeps its text ("500.50", "1000") for
/// filters; <see cref="Number"/> holds its value when it is whole.
/// </summary>
internal readonly record struct QuestionToken(TokenKind Kind, string Text, long Number = 0, DateOnly Date = default, bool IsWhole = true)
{
    public bool IsWord(string word) => Kind == TokenKind.Word && Text == word;
}
