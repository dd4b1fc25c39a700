using System.Text;

namespace Udc.Engine.Generation;

/// <summary>A first or last name from the demo pools, with the ASCII form that goes into an email address.</summary>
internal sealed class DemoName
{
    public DemoName(string text)
    {
        Text = text;
        EmailPart = FoldToEmailAscii(text);
    }

    public string Text { get; }

    /// <summary>Lowercase ASCII letters only: "Müller" becomes "muller", "O'Brien" becomes "obrien".</summary>
    public string EmailPart { get; }

    private static string FoldToEmailAscii(string text)
    {
        var folded = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            folded.Append(c switch
            {
                >= 'a' and <= 'z' => c.ToString(),
                >= 'A' and <= 'Z' => ((char)(c | 0x20)).ToString(),
                '\'' or '-' or ' ' => "",
                'á' or 'à' or 'â' or 'ä' or 'ã' or 'å' or 'Å' or 'Ä' or 'Á' => "a",
                'é' or 'è' or 'ê' or 'ë' or 'É' => "e",
                'í' or 'ì' or 'î' or 'ï' => "i",
                'ó' or 'ò' or 'ô' or 'ö' or 'õ' or 'ø' or 'Ö' or 'Ø' => "o",
                'ú' or 'ù' or 'û' or 'ü' or 'Ü' => "u",
                'ñ' => "n",
                'ç' => "c",
                'ß' => "ss",
                'æ' => "ae",
                // The pools are fixed, so a letter missing here is a bug found by the first test run.
                _ => throw new InvalidOperationException($"No ASCII form for '{c}' in demo name '{text}'."),
            });
        }

        return folded.ToString();
    }
}
