namespace Udc.Features.Assistant.FastPath;

internal enum TokenKind
{
    Word,
    Number,
    Date,
}

/// <summary>A word (lower case), a whole number, or a calendar date of a question.</summary>
internal readonly record struct QuestionToken(TokenKind Kind, string Text, long Number = 0, DateOnly Date = default)
{
    public bool IsWord(string word) => Kind == TokenKind.Word && Text == word;
}
