using System.Text;

namespace Udc.Engine.Database;

/// <summary>
/// A statement under construction: SQL text written only from the dialect's fragments and quoted catalog names, and
/// every value a caller gave as a numbered parameter. No value ever becomes text of the statement.
/// </summary>
internal sealed class SqlText
{
    private readonly StringBuilder _text = new();
    private readonly List<KeyValuePair<string, object>> _parameters = [];

    public IReadOnlyList<KeyValuePair<string, object>> Parameters => _parameters;

    public SqlText Append(string sql)
    {
        _text.Append(sql);
        return this;
    }

    /// <summary>Adds <paramref name="value"/> as a parameter and writes its placeholder.</summary>
    public SqlText Value(object value) => Append(Parameter(value));

    /// <summary>Adds <paramref name="value"/> as a parameter and returns its placeholder, for a fragment that places it.</summary>
    public string Parameter(object value)
    {
        var name = "p" + _parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _parameters.Add(new(name, value));
        return "@" + name;
    }

    public override string ToString() => _text.ToString();
}
