namespace Udc.Features.Assistant.FastPath;

internal sealed partial class QuestionParser
{
    /// <summary>
    /// Questions about the catalog: "what data do you have", "which sources are there" (list the sources); "what
    /// columns do orders have", "describe invoices" (a source's columns); "what metrics do orders have" (its number
    /// columns); "which regions are there", "possible values of status" (a column's values).
    /// </summary>
    /// <returns>Null when the question is not about the catalog; false when it is but in a shape not understood.</returns>
    private bool? ReadMeta()
    {
        WordRole? role = null;
        LexiconPhrase? noun = null, column = null;
        var plural = false;
        var data = false;
        foreach (var term in _terms)
        {
            if (term.Is(WordRole.Which) || term.Is(WordRole.And))
            {
                continue;
            }
            if (term.Is(WordRole.Data))
            {
                data = true;
                continue;
            }
            if (term.Kind == TermKind.Function && term.Word!.Role is WordRole.Sources or WordRole.Columns or WordRole.Measures or WordRole.Values && role is null)
            {
                role = term.Word.Role;
                continue;
            }
            if (term.IsNoun && noun is null)
            {
                noun = term.Phrase;
                continue;
            }
            if (term.IsColumn && column is null)
            {
                column = term.Phrase;
                plural = term.Phrase!.Entries.TrueForAll(e => e.Plural);
                continue;
            }
            return role is null && !(column is not null && plural) ? null : false;
        }
        MetaAsk? ask = (role, noun, column) switch
        {
            (null, null, null) when data => new MetaAsk(MetaKind.Sources),
            (WordRole.Sources, null, null) => new MetaAsk(MetaKind.Sources),
            (WordRole.Columns, { }, null) => new MetaAsk(MetaKind.Columns, noun),
            (WordRole.Measures, _, null) => new MetaAsk(MetaKind.Measures, noun),
            (null, _, { }) when plural => new MetaAsk(MetaKind.Values, noun, column),
            (WordRole.Values, _, { }) => new MetaAsk(MetaKind.Values, noun, column),
            _ => null,
        };
        if (ask is null)
        {
            return role is null && !plural ? null : false;
        }
        _question.Meta = ask;
        return true;
    }
}
