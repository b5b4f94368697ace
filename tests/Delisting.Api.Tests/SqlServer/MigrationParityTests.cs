using Delisting.Api.Data;

namespace Delisting.Api.Tests.SqlServer;

/// <summary>
/// The SQL Server schema must be the SQLite schema in other types: same scripts, and after them the same tables,
/// columns (order, nullability and defaults), keys, unique constraints, CHECK constraints, foreign keys and named
/// indexes. SQLite's side is read from a migrated database (<see cref="SqliteSchemaReader"/>); SQL Server's from the
/// parsed scripts (<see cref="SqlServerSchemaReader"/>), since no server runs here.
/// </summary>
public sealed class MigrationParityTests
{
    [Fact]
    public void Both_providers_have_the_same_migration_scripts_in_the_same_order()
    {
        var sqlite = SqlServerSql.MigrationScripts(DatabaseProvider.Sqlite).Select(s => s.Name).ToList();
        var sqlServer = SqlServerSql.MigrationScripts(DatabaseProvider.SqlServer).Select(s => s.Name).ToList();
        Assert.NotEmpty(sqlite);
        Assert.Equal(sqlite, sqlServer);
    }

    [Fact]
    public void Script_names_are_numbered_so_that_name_order_is_apply_order()
    {
        foreach (var provider in Enum.GetValues<DatabaseProvider>())
        {
            var names = SqlServerSql.MigrationScripts(provider).Select(s => s.Name).ToList();
            Assert.All(names, n => Assert.Matches(@"^\d{4}_[a-z0-9_]+\.sql$", n));
            Assert.Equal(names.Count, names.Select(n => n[..4]).Distinct().Count());
        }
    }

    [Fact]
    public void Both_providers_create_the_same_tables_columns_keys_and_indexes()
    {
        var sqlite = SqliteSchemaReader.Read();
        var sqlServer = SqlServerSchemaReader.Read();
        Assert.Equal(sqlite.Keys.Order(), sqlServer.Keys.Order());
        foreach (var table in sqlite.Keys)
        {
            // One string per table, so that a failure names the table and shows the differing line.
            Assert.Equal($"{table}:\n" + string.Join("\n", sqlite[table].Order()), $"{table}:\n" + string.Join("\n", sqlServer[table].Order()));
        }
    }

    /// <summary>Both readers find the CHECK constraints, so that the comparison above cannot pass by finding none on either side.</summary>
    [Fact]
    public void Check_constraints_are_compared_by_the_columns_and_values_they_name()
    {
        var status = SchemaFacts.Check(["status"], ["'pending'", "'acknowledged'", "'delisted'", "'rejected'", "'withdrawn'", "'relist-pending'",
            "'relisted'"]);
        var organisation = SchemaFacts.Check(["role", "organisation_id"], ["'rights-holder'"]);
        foreach (var schema in new[] { SqliteSchemaReader.Read(), SqlServerSchemaReader.Read() })
        {
            Assert.Contains(status, schema["items"]);
            Assert.Contains(organisation, schema["api_keys"]);
        }
    }

    [Theory]
    [InlineData("CREATE TABLE t (a TEXT CHECK (a IN ('x', 'it''s')), b INTEGER)", "CHECK on (a) values ('it''s', 'x')")]
    [InlineData("CREATE TABLE t (a TEXT, b INTEGER, -- CHECK (b > 9) in a comment\n CHECK ((a = 'y') = (b IS NOT NULL)))",
        "CHECK on (a, b) values ('y')")]
    [InlineData("CREATE TABLE t (\"a\" TEXT, b INTEGER CHECK (\"b\" BETWEEN 0 AND 10))", "CHECK on (b) values (0, 10)")]
    public void A_sqlite_check_clause_is_read_as_its_columns_and_values(string createTable, string fact) =>
        Assert.Equal([fact], SqliteSchemaReader.Checks(createTable, new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "a", "b" }));
}
