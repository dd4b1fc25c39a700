using System.Text.Encodings.Web;
using System.Text.Json;

namespace Udc.Engine.Columns;

/// <summary>Writer settings shared by every response that is written from columns.</summary>
internal static class JsonOutput
{
    /// <summary>
    /// Non-ASCII text is written as UTF-8 rather than \u escapes: responses are JSON, never HTML, and names such
    /// as "José" stay readable for people and cheaper in tokens for models. Quotes and control characters are
    /// still escaped.
    /// </summary>
    public static readonly System.Text.Encodings.Web.JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = Encoder, SkipValidation = true };
}
