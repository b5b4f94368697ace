namespace Delisting.Api.Tests.SqlServer;

/// <summary>
/// The wording of the schema facts both sides of <see cref="MigrationParityTests"/> produce, so that the two readers
/// cannot phrase one fact differently.
/// </summary>
internal static class SchemaFacts
{
    /// <summary>
    /// A CHECK constraint as what it constrains: the columns it reads and the literals it lists. The dialects spell
    /// boolean logic differently (SQLite compares truth values, T-SQL needs AND/OR), so the expression itself is not
    /// compared; a changed column or a missing value in an IN list is.
    /// </summary>
    public static string Check(IEnumerable<string> columns, IEnumerable<string> literals) =>
        $"CHECK on ({string.Join(", ", columns.Distinct().Order(StringComparer.Ordinal))})" +
        $" values ({string.Join(", ", literals.Distinct().Order(StringComparer.Ordinal))})";

    /// <summary>A column default, as a literal written in SQL ('' for an empty string, 0 for a number).</summary>
    public static string Default(string column, string literal) => $"DEFAULT {column} = {literal}";

    public static string StringLiteral(string value) => "'" + value.Replace("'", "''") + "'";
}
