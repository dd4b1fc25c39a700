using System.Globalization;
using Udc.Engine.Columns;

namespace Udc.Engine.Describe;

/// <summary>Values as a voice assistant should say them: "March 15, 2024", "3,210", "daily active users".</summary>
internal static class Spoken
{
    public static string Number(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Number(double value) => value.ToString("#,0.####", CultureInfo.InvariantCulture);

    public static string Date(DateTime date) => date.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture);

    /// <summary>An identifier or code written as words: <c>daily_active_users</c> becomes "daily active users".</summary>
    public static string Words(string text) => text.Replace('_', ' ').Replace('.', ' ');

    /// <summary>A row's value in speech; null as "none".</summary>
    public static string Value(Column column, int row)
    {
        if (column.IsNull(row))
        {
            return "none";
        }
        return column switch
        {
            Int64Column int64 => column.Name.EndsWith("_id", StringComparison.Ordinal) || column.Name == "id"
                ? int64[row].ToString(CultureInfo.InvariantCulture)
                : Number(int64[row]),
            DoubleColumn number => Number(number[row]),
            TimestampColumn time => Date(TimestampColumn.ToDateTime(time[row])),
            _ => column.FormatText(row) is { } text ? SpokenText.Safe(text) : "none",
        };
    }

    /// <summary>A value the client typed, made speakable: dates spelled out, numbers as written ("99.50"), codes as words.</summary>
    public static string Operand(string text) =>
        Loading.TimestampParser.TryParse(System.Text.Encoding.UTF8.GetBytes(text), out var ms, out _)
            ? Date(TimestampColumn.ToDateTime(ms))
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? text : Words(SpokenText.Safe(text));

    public static string JoinAlternatives(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count switch
        {
            0 => "",
            1 => list[0],
            _ => string.Join(", ", list[..^1]) + " or " + list[^1],
        };
    }
}
