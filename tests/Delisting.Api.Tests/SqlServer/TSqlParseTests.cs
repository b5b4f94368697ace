using Delisting.Api.Data;
using Delisting.Api.Data.SqlServer;
using Delisting.Api.Http;
using Delisting.Api.Auth;

namespace Delisting.Api.Tests.SqlServer;

/// <summary>
/// No SQL Server runs here, so the SQL it would receive is at least parsed by SQL Server's own parser
/// (ScriptDom, SQL Server 2022 grammar). Store constants are found by reflection: a store added later is covered.
/// </summary>
public sealed class TSqlParseTests
{
    private static readonly SqlServerDriver Dialect = new("Server=localhost;Database=delisting");

    public static TheoryData<string> SqlServerMigrations() =>
        new(SqlServerSql.MigrationScripts(DatabaseProvider.SqlServer).Select(s => s.Name));

    public static TheoryData<string, string> StoreSql()
    {
        var data = new TheoryData<string, string>();
        foreach (var (store, field, _) in SqlServerSql.StoreConstants()) data.Add(store.Name, field);
        return data;
    }

    [Theory]
    [MemberData(nameof(SqlServerMigrations))]
    public void Every_batch_of_a_SqlServer_migration_parses(string script)
    {
        var text = SqlServerSql.MigrationScripts(DatabaseProvider.SqlServer).Single(s => s.Name == script).Text;
        var batches = SqlServerSql.Batches(text);
        Assert.NotEmpty(batches);
        var problems = batches.SelectMany((batch, i) => SqlServerSql.Problems(batch).Select(p => $"batch {i + 1}: {p}")).ToList();
        Assert.True(problems.Count == 0, $"{script}:\n{string.Join("\n", problems)}");
    }

    [Fact]
    public void The_events_trigger_is_in_a_batch_of_its_own()
    {
        var text = SqlServerSql.MigrationScripts(DatabaseProvider.SqlServer).Single(s => s.Name == "0002_requests.sql").Text;
        static string Code(string batch) => string.Join("\n", batch.Split('\n').Where(l => !l.TrimStart().StartsWith("--"))).Trim();
        var trigger = Assert.Single(SqlServerSql.Batches(text).Select(Code), b => b.Contains("CREATE TRIGGER", StringComparison.OrdinalIgnoreCase));
        Assert.StartsWith("CREATE TRIGGER tr_events_append_only ON events", trigger);
        Assert.Contains("INSTEAD OF UPDATE, DELETE", trigger);
    }

    [Fact]
    public void The_known_stores_are_found_by_reflection()
    {
        var stores = SqlServerSql.StoreConstants().Select(c => c.Store.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "RulingsStore", "KeysStore", "OrganisationsStore", "EnginesStore", "RequestsWriter", "RequestsReader",
            "QueueStore", "ResponsesStore", "ComplianceStore", "IdempotencyStore", "ApiKeyCache" }, stores);
    }

    [Theory]
    [MemberData(nameof(StoreSql))]
    public void Every_store_constant_is_valid_TSql(string store, string field)
    {
        var sql = SqlServerSql.StoreConstants().Single(c => c.Store.Name == store && c.Field == field).Sql;
        AssertParses($"{store}.{field}", SqlServerSql.ExpandDapperLists(sql));
        if (SqlServerSql.EndsWithOrderBy(sql))
        {
            AssertParses($"{store}.{field} + Limit", SqlServerSql.ExpandDapperLists(sql) + Dialect.Limit("@Limit"));
        }
    }

    // Not a store, but the SQL every authenticated request runs.
    [Fact]
    public void The_API_key_lookup_is_valid_TSql()
    {
        var (_, field, sql) = Assert.Single(SqlServerSql.SqlConstants([typeof(ApiKeyCache)]));
        AssertParses(field, sql);
    }

    // Not a store either: what an instance runs at start-up around migrations and seeding.
    [Fact]
    public void The_start_up_lock_is_valid_TSql()
    {
        var constants = SqlServerSql.SqlConstants([typeof(StartupLock)]).ToList();
        Assert.Equal(["Acquire", "AllowSnapshots", "Release", "SerializeChanges"], constants.Select(c => c.Field));
        foreach (var (_, field, sql) in constants) AssertParses(field, sql);
    }

    [Theory]
    [InlineData("engines", new[] { "id", "name" }, new[] { "id" })]
    [InlineData("organisations", new[] { "id", "name", "created_at" }, new[] { "id" })]
    [InlineData("ruling_sites", new[] { "ruling_id", "domain", "network" }, new[] { "ruling_id", "domain" })]
    public void The_dialects_insert_if_absent_is_valid_TSql(string table, string[] columns, string[] keyColumns) =>
        AssertParses($"InsertIfAbsent({table})", Dialect.InsertIfAbsent(table, columns, keyColumns));

    // The look-ups by a list of keys sent as one JSON array, as SQL Server receives them.
    [Theory]
    [InlineData("ResponsesStore", "SelectItems", "NoticeIds", false)]
    [InlineData("RequestsWriter", "SelectExistingNotices", "Hashes", true)]
    public void The_dialects_key_lists_are_valid_TSql(string store, string field, string listName, bool binary)
    {
        var sql = SqlServerSql.StoreConstants().Single(c => c.Store.Name == store && c.Field == field).Sql;
        var keys = binary ? Dialect.BinaryKeys("@" + listName) : Dialect.TextKeys("@" + listName);
        var written = DbSession.KeyListSql(sql, listName, keys);
        Assert.Contains("OPENJSON(@" + listName + ")", written);
        AssertParses($"{store}.{field} with a key list", written);
    }

    [Fact]
    public void The_dialects_limit_completes_an_ordered_select()
    {
        AssertParses("Limit", "SELECT id, name FROM engines WHERE id > @After ORDER BY id" + Dialect.Limit("@Limit"));
    }

    [Theory]
    [InlineData("SELECT id FROM items ORDER BY seq LIMIT @Limit")]
    [InlineData("INSERT INTO engines (id, name) VALUES (@Id, @Name) ON CONFLICT (id) DO NOTHING")]
    [InlineData("SELECT id FROM request_urls WHERE already_requested = true")]
    [InlineData("SELECT ifnull(reason, '') FROM items")]
    [InlineData("CREATE TABLE t (a int);\nCREATE TRIGGER tr ON t AFTER INSERT AS SELECT 1;")]
    public void The_check_rejects_SQLite_only_SQL(string sql) => Assert.NotEmpty(SqlServerSql.Problems(sql));

    [Fact]
    public void Dapper_list_parameters_are_expanded_before_parsing()
    {
        Assert.Equal("SELECT id FROM engines WHERE id IN (@Ids1, @Ids2)", SqlServerSql.ExpandDapperLists("SELECT id FROM engines WHERE id IN @Ids"));
    }

    private static void AssertParses(string what, string sql)
    {
        var problems = SqlServerSql.Problems(sql);
        Assert.True(problems.Count == 0, $"{what} is not valid T-SQL:\n{string.Join("\n", problems)}\n--\n{sql}");
    }
}
