using Delisting.Api.Data;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Delisting.Api.Tests.SqlServer;

/// <summary>
/// The schema facts the SQL Server scripts leave behind, found by replaying their parsed DDL in order: CREATE and
/// DROP of tables and indexes, ALTER TABLE ADD/ALTER/DROP of columns and ADD/DROP of constraints. A statement SQL
/// Server would refuse (dropping a column an index or constraint still uses, an unknown constraint) fails here too.
/// </summary>
internal sealed class SqlServerSchemaReader
{
    // A fact, the columns it depends on and, for a named constraint, its name (DROP CONSTRAINT finds it by name).
    private sealed record Fact(string Text, IReadOnlyList<string> Columns, string? Name = null);

    private sealed class Table
    {
        public List<(string Name, bool NotNull)> Columns { get; } = [];
        public List<Fact> Facts { get; } = [];
    }

    private readonly Dictionary<string, Table> tables = [];

    public static Dictionary<string, List<string>> Read()
    {
        var reader = new SqlServerSchemaReader();
        foreach (var statement in SqlServerSql.MigrationScripts(DatabaseProvider.SqlServer).SelectMany(s =>
            SqlServerSql.Batches(s.Text)).SelectMany(Parse))
        {
            reader.Apply(statement);
        }
        return reader.tables.ToDictionary(t => t.Key, t => t.Value.Facts.Select(f => f.Text)
            .Append("COLUMNS " + string.Join(", ", t.Value.Columns.Select(c => c.Name + (c.NotNull ? " NOT NULL" : " NULL"))))
            .ToList());
    }

    private static IEnumerable<TSqlStatement> Parse(string batch)
    {
        var script = (TSqlScript)new TSql160Parser(true).Parse(new StringReader(batch), out var errors);
        Assert.Empty(errors);
        return script.Batches.SelectMany(b => b.Statements);
    }

    private void Apply(TSqlStatement statement)
    {
        switch (statement)
        {
            case CreateTableStatement create when !IsTemporary(create.SchemaObjectName):
                var table = tables[create.SchemaObjectName.BaseIdentifier.Value] = new Table();
                foreach (var column in create.Definition.ColumnDefinitions) AddColumn(table, column);
                foreach (var constraint in create.Definition.TableConstraints) AddConstraint(table, constraint);
                break;
            case AlterTableAddTableElementStatement add:
                var altered = TableOf(add.SchemaObjectName);
                foreach (var column in add.Definition.ColumnDefinitions) AddColumn(altered, column);
                foreach (var constraint in add.Definition.TableConstraints) AddConstraint(altered, constraint);
                break;
            case AlterTableAlterColumnStatement alter:
                var columns = TableOf(alter.SchemaObjectName).Columns;
                var at = columns.FindIndex(c => c.Name == alter.ColumnIdentifier.Value);
                Assert.True(at >= 0, $"ALTER COLUMN of an unknown column {alter.ColumnIdentifier.Value}");
                var notNull = alter.AlterTableAlterColumnOption switch
                {
                    AlterTableAlterColumnOption.NotNull => true,
                    AlterTableAlterColumnOption.Null => false,
                    _ => columns[at].NotNull,
                };
                columns[at] = (columns[at].Name, notNull);
                break;
            case AlterTableDropTableElementStatement drop:
                var from = TableOf(drop.SchemaObjectName);
                foreach (var element in drop.AlterTableDropTableElements) DropElement(from, element);
                break;
            case DropTableStatement drop:
                foreach (var dropped in drop.Objects.Where(o => !IsTemporary(o)).Select(o => o.BaseIdentifier.Value))
                {
                    Assert.True(tables.Remove(dropped), $"DROP TABLE of a table no script created: {dropped}");
                }
                break;
            case CreateIndexStatement index:
                TableOf(index.OnName).Facts.Add(new Fact(
                    $"INDEX {index.Name.Value} ({Names(index.Columns)})" + (index.Unique ? " UNIQUE" : "")
                        + (index.FilterPredicate is null ? "" : " PARTIAL"),
                    index.Columns.Select(ColumnName).ToList(), index.Name.Value));
                break;
            case DropIndexStatement dropIndex:
                foreach (var clause in dropIndex.DropIndexClauses.Cast<DropIndexClause>())
                {
                    var indexes = TableOf(clause.Object).Facts;
                    Assert.True(indexes.RemoveAll(f => f.Name == clause.Index.Value && f.Text.StartsWith("INDEX ", StringComparison.Ordinal)) == 1,
                        $"DROP INDEX of an index no script created: {clause.Index.Value}");
                }
                break;
            case CreateTriggerStatement trigger when trigger.TriggerType == TriggerType.After:
                // A trigger that keeps counts: SQLite's fires per row, this one per statement.
                Assert.Equal([TriggerActionType.Update], trigger.TriggerActions.Select(a => a.TriggerActionType).ToArray());
                TableOf(trigger.TriggerObject.Name).Facts.Add(new Fact($"TRIGGER {trigger.Name.BaseIdentifier.Value} AFTER UPDATE", []));
                break;
            case CreateTriggerStatement trigger:
                Assert.Equal(TriggerType.InsteadOf, trigger.TriggerType);
                Assert.Equal(new HashSet<TriggerActionType> { TriggerActionType.Update, TriggerActionType.Delete },
                    trigger.TriggerActions.Select(a => a.TriggerActionType).ToHashSet());
                TableOf(trigger.TriggerObject.Name).Facts.Add(new Fact("APPEND-ONLY TRIGGER", []));
                break;
        }
    }

    private void DropElement(Table table, AlterTableDropTableElement element)
    {
        var name = element.Name.Value;
        switch (element.TableElementType)
        {
            case TableElementType.Column:
                Assert.True(table.Columns.RemoveAll(c => c.Name == name) == 1, $"DROP COLUMN of an unknown column {name}");
                var users = table.Facts.Where(f => f.Columns.Contains(name)).Select(f => f.Text).ToList();
                Assert.True(users.Count == 0, $"DROP COLUMN {name} while these still use it: {string.Join("; ", users)}");
                break;
            case TableElementType.Constraint:
                Assert.True(table.Facts.RemoveAll(f => f.Name == name) == 1, $"DROP CONSTRAINT of a constraint no script created: {name}");
                break;
            default:
                Assert.Fail($"DROP {element.TableElementType} is not modelled by this test; teach it before using it.");
                break;
        }
    }

    private static void AddColumn(Table table, ColumnDefinition column)
    {
        var name = column.ColumnIdentifier.Value;
        table.Columns.Add((name, column.Constraints.OfType<NullableConstraintDefinition>().Any(n => !n.Nullable)));
        if (column.DefaultConstraint is { } dflt)
        {
            table.Facts.Add(new Fact(SchemaFacts.Default(name, Literal(dflt.Expression)), [name], dflt.ConstraintIdentifier?.Value));
        }
        foreach (var constraint in column.Constraints)
        {
            switch (constraint)
            {
                case UniqueConstraintDefinition unique:
                    table.Facts.Add(new Fact((unique.IsPrimaryKey ? "PK " : "UNIQUE ") + name, [name], unique.ConstraintIdentifier?.Value));
                    break;
                case ForeignKeyConstraintDefinition fk:
                    table.Facts.Add(new Fact(ForeignKey(name, fk), [name], fk.ConstraintIdentifier?.Value));
                    break;
                case CheckConstraintDefinition check:
                    table.Facts.Add(Check(check));
                    break;
            }
        }
    }

    private static void AddConstraint(Table table, ConstraintDefinition constraint)
    {
        var name = constraint.ConstraintIdentifier?.Value;
        switch (constraint)
        {
            case UniqueConstraintDefinition unique:
                table.Facts.Add(new Fact((unique.IsPrimaryKey ? "PK " : "UNIQUE ") + Names(unique.Columns),
                    unique.Columns.Select(ColumnName).ToList(), name));
                break;
            case ForeignKeyConstraintDefinition fk:
                table.Facts.Add(new Fact(ForeignKey(fk.Columns.Single().Value, fk), [fk.Columns.Single().Value], name));
                break;
            case CheckConstraintDefinition check:
                table.Facts.Add(Check(check));
                break;
            case DefaultConstraintDefinition dflt:
                table.Facts.Add(new Fact(SchemaFacts.Default(dflt.Column.Value, Literal(dflt.Expression)), [dflt.Column.Value], name));
                break;
            default:
                Assert.Fail($"{constraint.GetType().Name} is not modelled by this test; teach it before using it.");
                break;
        }
    }

    private static Fact Check(CheckConstraintDefinition check)
    {
        var parts = new CheckParts();
        check.CheckCondition.Accept(parts);
        return new Fact(SchemaFacts.Check(parts.Columns, parts.Literals), parts.Columns.Distinct().ToList(), check.ConstraintIdentifier?.Value);
    }

    private sealed class CheckParts : TSqlFragmentVisitor
    {
        public List<string> Columns { get; } = [];
        public List<string> Literals { get; } = [];

        public override void Visit(ColumnReferenceExpression node) => Columns.Add(node.MultiPartIdentifier.Identifiers[^1].Value.ToLowerInvariant());
        public override void Visit(StringLiteral node) => Literals.Add(SchemaFacts.StringLiteral(node.Value));
        public override void Visit(IntegerLiteral node) => Literals.Add(node.Value);
        public override void Visit(NumericLiteral node) => Literals.Add(node.Value);
    }

    private static string Literal(ScalarExpression expression) => expression switch
    {
        ParenthesisExpression p => Literal(p.Expression),
        StringLiteral s => SchemaFacts.StringLiteral(s.Value),
        IntegerLiteral or NumericLiteral => ((Literal)expression).Value,
        NullLiteral => "NULL",
        _ => ScriptOf(expression),
    };

    private static string ScriptOf(TSqlFragment fragment)
    {
        new Sql160ScriptGenerator().GenerateScript(fragment, out var script);
        return script;
    }

    private static string ForeignKey(string column, ForeignKeyConstraintDefinition fk) =>
        $"FK {column} -> {fk.ReferenceTableName.BaseIdentifier.Value} ({fk.ReferencedTableColumns.Single().Value})";

    private static string ColumnName(ColumnWithSortOrder column) => column.Column.MultiPartIdentifier.Identifiers[^1].Value;

    private static string Names(IEnumerable<ColumnWithSortOrder> columns) => string.Join(", ", columns.Select(ColumnName));

    private static bool IsTemporary(SchemaObjectName name) => name.BaseIdentifier.Value.StartsWith('#');

    private Table TableOf(SchemaObjectName name) =>
        tables.TryGetValue(name.BaseIdentifier.Value,
            out var table) ? table : throw new Xunit.Sdk.XunitException($"No script created table {name.BaseIdentifier.Value}");
}
