using Dapper;
using Delisting.Api.Data;
using Microsoft.Data.Sqlite;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Delisting.Api.Tests.SqlServer;

/// <summary>
/// The SQL Server schema must be the SQLite schema in other types: same scripts, and after them the same tables,
/// columns (order and nullability), keys, unique constraints, foreign keys and named indexes. SQLite's side is read
/// from a migrated database; SQL Server's from the parsed scripts, since no server runs here.
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
        var sqlite = SqliteSchema();
        var sqlServer = SqlServerSchema();
        Assert.Equal(sqlite.Keys.Order(), sqlServer.Keys.Order());
        foreach (var table in sqlite.Keys)
        {
            // One string per table, so that a failure names the table and shows the differing line.
            Assert.Equal($"{table}:\n" + string.Join("\n", sqlite[table].Order()), $"{table}:\n" + string.Join("\n", sqlServer[table].Order()));
        }
    }

    private static Dictionary<string, List<string>> SqliteSchema()
    {
        var path = Path.Combine(Path.GetTempPath(), $"delisting-parity-{Guid.NewGuid():N}.db");
        try
        {
            Migrator.Migrate(new Database(DatabaseProvider.Sqlite, $"Data Source={path}"));
            using var connection = new SqliteConnection($"Data Source={path}");
            connection.Open();
            var schema = new Dictionary<string, List<string>>();
            var tables = connection.Query<string>(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name <> @Journal",
                new { Journal = Migrator.JournalTable });
            foreach (var table in tables)
            {
                var facts = schema[table] = [];
                var columns = connection.Query<(string Name, long NotNull, long Pk)>(
                    "SELECT name, \"notnull\", pk FROM pragma_table_info(@table) ORDER BY cid", new { table }).ToList();
                facts.Add("COLUMNS " + string.Join(", ", columns.Select(c => c.Name + (c.NotNull == 1 ? " NOT NULL" : " NULL"))));
                facts.Add("PK " + string.Join(", ", columns.Where(c => c.Pk > 0).OrderBy(c => c.Pk).Select(c => c.Name)));
                foreach (var (name, origin, unique, partial) in connection.Query<(string, string, long, long)>(
                    "SELECT name, origin, \"unique\", partial FROM pragma_index_list(@table)", new { table }))
                {
                    var indexed = string.Join(", ", connection.Query<string>("SELECT name FROM pragma_index_info(@name) ORDER BY seqno", new { name }));
                    if (origin == "u") facts.Add($"UNIQUE {indexed}");
                    else if (origin == "c") facts.Add($"INDEX {name} ({indexed})" + (unique == 1 ? " UNIQUE" : "") + (partial == 1 ? " PARTIAL" : ""));
                }
                facts.AddRange(connection.Query<(string From, string Table, string To)>(
                    "SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list(@table)", new { table })
                    .Select(f => $"FK {f.From} -> {f.Table} ({f.To})"));
                if (connection.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = @table", new { table }) > 0)
                {
                    facts.Add("APPEND-ONLY TRIGGER");
                }
            }
            return schema;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
        }
    }

    private static Dictionary<string, List<string>> SqlServerSchema()
    {
        // Facts other than the column list, and the column list (name, nullability) kept apart so ALTER TABLE can change it.
        var schema = new Dictionary<string, List<string>>();
        var columnsOf = new Dictionary<string, List<(string Name, bool NotNull)>>();
        var statements = SqlServerSql.MigrationScripts(DatabaseProvider.SqlServer)
            .SelectMany(s => SqlServerSql.Batches(s.Text))
            .SelectMany(batch =>
            {
                var script = (TSqlScript)new TSql160Parser(true).Parse(new StringReader(batch), out var errors);
                Assert.Empty(errors);
                return script.Batches.SelectMany(b => b.Statements);
            });
        static string Names(IEnumerable<ColumnWithSortOrder> columns) =>
            string.Join(", ", columns.Select(c => c.Column.MultiPartIdentifier.Identifiers[^1].Value));
        static bool NotNull(ColumnDefinition column) =>
            column.Constraints.OfType<NullableConstraintDefinition>().Any(n => !n.Nullable);

        foreach (var statement in statements)
        {
            switch (statement)
            {
                case CreateTableStatement create when !create.SchemaObjectName.BaseIdentifier.Value.StartsWith('#'):
                    var name = create.SchemaObjectName.BaseIdentifier.Value;
                    var facts = schema[name] = [];
                    var columns = create.Definition.ColumnDefinitions;
                    columnsOf[name] = columns.Select(c => (c.ColumnIdentifier.Value, NotNull(c))).ToList();
                    foreach (var column in columns)
                    {
                        foreach (var constraint in column.Constraints)
                        {
                            if (constraint is UniqueConstraintDefinition { IsPrimaryKey: true }) facts.Add("PK " + column.ColumnIdentifier.Value);
                            else if (constraint is UniqueConstraintDefinition) facts.Add("UNIQUE " + column.ColumnIdentifier.Value);
                            else if (constraint is ForeignKeyConstraintDefinition fk)
                            {
                                facts.Add($"FK {column.ColumnIdentifier.Value} -> {fk.ReferenceTableName.BaseIdentifier.Value} ({fk.ReferencedTableColumns.Single().Value})");
                            }
                        }
                    }
                    foreach (var constraint in create.Definition.TableConstraints)
                    {
                        if (constraint is UniqueConstraintDefinition unique) facts.Add((unique.IsPrimaryKey ? "PK " : "UNIQUE ") + Names(unique.Columns));
                        else if (constraint is ForeignKeyConstraintDefinition fk)
                        {
                            facts.Add($"FK {fk.Columns.Single().Value} -> {fk.ReferenceTableName.BaseIdentifier.Value} ({fk.ReferencedTableColumns.Single().Value})");
                        }
                    }
                    break;
                case AlterTableAddTableElementStatement add:
                    // A column added NULL and made NOT NULL by a later ALTER COLUMN, once filled; a CHECK constraint
                    // dropped and added again with more values (CHECKs are not among the facts compared here).
                    Assert.All(add.Definition.TableConstraints, c => Assert.IsType<CheckConstraintDefinition>(c));
                    var altered = add.SchemaObjectName.BaseIdentifier.Value;
                    columnsOf[altered].AddRange(add.Definition.ColumnDefinitions.Select(c => (c.ColumnIdentifier.Value, NotNull(c))));
                    foreach (var column in add.Definition.ColumnDefinitions)
                    {
                        foreach (var fk in column.Constraints.OfType<ForeignKeyConstraintDefinition>())
                        {
                            schema[altered].Add($"FK {column.ColumnIdentifier.Value} -> {fk.ReferenceTableName.BaseIdentifier.Value} ({fk.ReferencedTableColumns.Single().Value})");
                        }
                    }
                    break;
                case AlterTableAlterColumnStatement alter:
                    var list = columnsOf[alter.SchemaObjectName.BaseIdentifier.Value];
                    var at = list.FindIndex(c => c.Name == alter.ColumnIdentifier.Value);
                    Assert.True(at >= 0, $"ALTER COLUMN of an unknown column {alter.ColumnIdentifier.Value}");
                    var notNull = alter.AlterTableAlterColumnOption switch
                    {
                        AlterTableAlterColumnOption.NotNull => true,
                        AlterTableAlterColumnOption.Null => false,
                        _ => list[at].NotNull,
                    };
                    list[at] = (list[at].Name, notNull);
                    break;
                case DropTableStatement drop:
                    foreach (var dropped in drop.Objects.Select(o => o.BaseIdentifier.Value).Where(n => !n.StartsWith('#')))
                    {
                        Assert.True(schema.Remove(dropped), $"DROP TABLE of a table no script created: {dropped}");
                        columnsOf.Remove(dropped);
                    }
                    break;
                case DropIndexStatement dropIndex:
                    foreach (var clause in dropIndex.DropIndexClauses.OfType<DropIndexClause>())
                    {
                        var removed = schema[clause.Object.BaseIdentifier.Value].RemoveAll(f => f.StartsWith($"INDEX {clause.Index.Value} (", StringComparison.Ordinal));
                        Assert.True(removed == 1, $"DROP INDEX of an index no script created: {clause.Index.Value}");
                    }
                    break;
                case CreateIndexStatement index:
                    schema[index.OnName.BaseIdentifier.Value].Add($"INDEX {index.Name.Value} ({Names(index.Columns)})" +
                        (index.Unique ? " UNIQUE" : "") + (index.FilterPredicate is null ? "" : " PARTIAL"));
                    break;
                case CreateTriggerStatement trigger:
                    var table = schema[trigger.TriggerObject.Name.BaseIdentifier.Value];
                    Assert.Equal(TriggerType.InsteadOf, trigger.TriggerType);
                    Assert.Equal(new HashSet<TriggerActionType> { TriggerActionType.Update, TriggerActionType.Delete }, trigger.TriggerActions.Select(a => a.TriggerActionType).ToHashSet());
                    table.Add("APPEND-ONLY TRIGGER");
                    break;
            }
        }
        foreach (var (name, columns) in columnsOf)
        {
            schema[name].Add("COLUMNS " + string.Join(", ", columns.Select(c => c.Name + (c.NotNull ? " NOT NULL" : " NULL"))));
        }
        return schema;
    }
}
