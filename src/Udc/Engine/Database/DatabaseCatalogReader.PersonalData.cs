using Udc.Engine.Catalog;

namespace Udc.Engine.Database;

/// <summary>Which columns of a database source look like personal data, judged as a data file's columns are.</summary>
internal static partial class DatabaseCatalogReader
{
    /// <summary>
    /// The profile with each text or integer column's <see cref="ColumnProfile.PersonalData"/> set from a sample of
    /// <see cref="PersonalData.SampleSize"/> of its non-null values (one statement per column, in one transaction
    /// bounded by the source's statement timeout), judged by <see cref="PersonalData.Detect"/> on the values as rows
    /// show them. Read with the catalog, never on a request.
    /// </summary>
    public static IReadOnlyList<ColumnProfile> WithPersonalData(DatabaseSourceDefinition definition, DatabaseClient client, DatabaseSchema schema, IReadOnlyList<ColumnProfile> profiles)
    {
        try
        {
            var kinds = client.Read(definition.StatementTimeout, session => schema.Columns.Select(c => PersonalData.Judges(c.Type) ? Judge(session, client.Dialect, schema, c) : null).ToList());
            return [.. profiles.Select((p, i) => kinds[i] is { } kind ? p with { PersonalData = kind } : p)];
        }
        catch (DatabaseReadException)
        {
            // A hint is not worth a source: a database that is down, slow past the statement timeout or altered
            // mid-sample leaves every column unflagged, and the next refresh that reads the catalog samples again.
            return profiles;
        }
    }

    /// <summary>
    /// Any rows' values, not the first by some order: sorting a large relation to pick 200 would cost what the sample
    /// saves. Empty text is left out, as <see cref="PersonalData.Detect"/> skips it; compared as read (text), since a
    /// stored type such as uuid refuses '' as a value.
    /// </summary>
    private static string? Judge(DatabaseSession session, SqlDialect dialect, DatabaseSchema schema, DatabaseColumn column)
    {
        var read = dialect.Read(column);
        var sql = new SqlText().Append($"SELECT {read} FROM ").Append(schema.From).Append($" WHERE {SqlDialect.Quote(column.Name)} IS NOT NULL");
        if (column.Type == Columns.ColumnType.String)
        {
            sql.Append($" AND {read} <> ''");
        }
        sql.Append(" LIMIT ").Value(PersonalData.SampleSize);
        var values = new List<object?>(PersonalData.SampleSize);
        using (var reader = session.Query(sql))
        {
            while (reader.Read())
            {
                values.Add(reader.GetValue(0));
            }
        }
        return PersonalData.Detect(ResultTableBuilder.FromValues(column with { Dictionary = false }, values));
    }
}
