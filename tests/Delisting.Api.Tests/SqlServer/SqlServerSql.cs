using System.Reflection;
using System.Text.RegularExpressions;
using Delisting.Api.Data;
using DbUp.Support;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Delisting.Api.Tests.SqlServer;

/// <summary>
/// Reads the service's SQL the way it reaches SQL Server (migration batches split by DbUp, store constants
/// with Dapper's list expansion) and checks it with the T-SQL parser of SQL Server 2022.
/// </summary>
internal static partial class SqlServerSql
{
    private static readonly Assembly Api = typeof(Database).Assembly;

    /// <summary>The embedded migration scripts of a provider, by name without the prefix, in DbUp's order.</summary>
    public static IReadOnlyList<(string Name, string Text)> MigrationScripts(DatabaseProvider provider)
    {
        var prefix = Migrator.ScriptPrefix(provider);
        return Api.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = Api.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return (n[prefix.Length..], reader.ReadToEnd());
            })
            .ToList();
    }

    /// <summary>The batches DbUp sends for a SQL Server script: it splits on GO lines outside comments and strings.</summary>
    public static IReadOnlyList<string> Batches(string script) =>
        new SqlCommandSplitter().SplitScriptIntoCommands(script).Where(b => !string.IsNullOrWhiteSpace(b)).ToList();

    /// <summary>Every SQL constant (SELECT/INSERT/UPDATE/DELETE/WITH) of the service's feature and HTTP classes (Data/ has its own checks).</summary>
    public static IEnumerable<(Type Store, string Field, string Sql)> StoreConstants() =>
        SqlConstants(Api.GetTypes().Where(t => t.Namespace is { } ns && !ns.StartsWith("Delisting.Api.Data", StringComparison.Ordinal)));

    public static IEnumerable<(Type Store, string Field, string Sql)> SqlConstants(IEnumerable<Type> types) =>
        from type in types
        from field in type.GetFields(BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
        where field.IsLiteral && field.FieldType == typeof(string)
        let sql = (string)field.GetRawConstantValue()!
        where SqlStatement().IsMatch(sql)
        orderby type.FullName, field.Name
        select (type, field.Name, sql);

    /// <summary>A constant meant to be completed by the dialect: it ends with an ORDER BY that the paging limit follows.</summary>
    public static bool EndsWithOrderBy(string sql) => TrailingOrderBy().IsMatch(sql);

    /// <summary>Dapper rewrites "IN @Ids" into "IN (@Ids1, @Ids2, ...)" before the server sees it.</summary>
    public static string ExpandDapperLists(string sql) => DapperList().Replace(sql, m => $"IN (@{m.Groups[1].Value}1, @{m.Groups[1].Value}2)");

    /// <summary>Parse errors and SQLite-isms the parser accepts but SQL Server would reject at run time.</summary>
    public static IReadOnlyList<string> Problems(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        var fragment = parser.Parse(new StringReader(sql), out var errors);
        var problems = errors.Select(e => $"line {e.Line}, column {e.Column}: {e.Message}").ToList();
        if (fragment is null) return problems;

        // "true"/"false" parse as column names; T-SQL has no boolean literals (use 1/0 against bit).
        problems.AddRange(fragment.ScriptTokenStream
            .Where(t => t.TokenType == TSqlTokenType.Identifier && t.Text.ToLowerInvariant() is "true" or "false")
            .Select(t => $"line {t.Line}: '{t.Text}' is a column name in T-SQL, not a boolean; compare a bit with 1 or 0"));

        var functions = new SqliteFunctionFinder();
        fragment.Accept(functions);
        problems.AddRange(functions.Found.Select(f => $"'{f}(...)' is a SQLite function that SQL Server does not have"));

        // CREATE TRIGGER/PROCEDURE/VIEW/FUNCTION must be alone in its batch (a GO line before and after).
        if (fragment is TSqlScript script)
        {
            foreach (var batch in script.Batches.Where(b => b.Statements.Count > 1))
            {
                problems.AddRange(batch.Statements
                    .Where(s => s is CreateTriggerStatement or CreateProcedureStatement or CreateViewStatement or CreateFunctionStatement)
                    .Select(s => $"line {s.StartLine}: {s.GetType().Name.Replace("Statement", "")} must be the only statement of its batch"));
            }
        }
        return problems;
    }

    private sealed class SqliteFunctionFinder : TSqlFragmentVisitor
    {
        private static readonly HashSet<string> SqliteOnly = new(StringComparer.OrdinalIgnoreCase)
        {
            "ifnull", "substr", "instr", "length", "group_concat", "strftime", "datetime", "date", "time",
            "julianday", "unixepoch", "printf", "random", "randomblob", "last_insert_rowid", "changes", "total",
        };

        public List<string> Found { get; } = [];

        public override void Visit(FunctionCall node)
        {
            if (node.CallTarget is null && SqliteOnly.Contains(node.FunctionName.Value)) Found.Add(node.FunctionName.Value);
        }
    }

    [GeneratedRegex(@"^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|DECLARE|EXEC|IF)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SqlStatement();

    [GeneratedRegex(@"\bORDER\s+BY\s[^()]*$", RegexOptions.IgnoreCase)]
    private static partial Regex TrailingOrderBy();

    [GeneratedRegex(@"\bIN\s+@(\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex DapperList();
}
