using System.Text;

namespace Udc.Engine.Database;

/// <summary>
/// A statement under construction: SQL text written only from the dialect's fragments and quoted catalog names, and
/// every value a caller gave as a numbered parameter. No value ever becomes text of the statement.
/// </summary>
internal sealed class SqlText
{
    private StringBuilder _text = new();
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

    /// <summary>What <paramref name="write"/> appends, returned as a fragment rather than appended; its parameters are kept.</summary>
    public string Capture(Action write)
    {
        var outer = _text;
        _text = new StringBuilder();
        write();
        var fragment = _text.ToString();
        _text = outer;
        return fragment;
    }

    /// <summary>
    /// Predicates joined by AND or OR as a balanced tree: a thousand filters nest ten deep, where a chain would nest a
    /// thousand and pass SQLite's limit on expression depth (1,000).
    /// </summary>
    public static string Join(IReadOnlyList<string> predicates, string separator, string empty) => predicates.Count switch
    {
        0 => empty,
        1 => predicates[0],
        _ => $"({Join([.. predicates.Take(predicates.Count / 2)], separator, empty)}{separator}{Join([.. predicates.Skip(predicates.Count / 2)], separator, empty)})",
    };

    public override string ToString() => _text.ToString();
}
