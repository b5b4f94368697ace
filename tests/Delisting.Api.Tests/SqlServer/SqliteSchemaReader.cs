using System.Text;
using Dapper;
using Delisting.Api.Data;
using Microsoft.Data.Sqlite;

namespace Delisting.Api.Tests.SqlServer;

/// <summary>The schema facts of a SQLite database migrated to the latest script, read from its catalogue.</summary>
internal static class SqliteSchemaReader
{
    public static Dictionary<string, List<string>> Read()
    {
        var path = Path.Combine(Path.GetTempPath(), $"delisting-parity-{Guid.NewGuid():N}.db");
        try
        {
            Migrator.Migrate(new Database(DatabaseProvider.Sqlite, $"Data Source={path}"));
            using var connection = new SqliteConnection($"Data Source={path}");
            connection.Open();
            var schema = new Dictionary<string, List<string>>();
            var tables = connection.Query<(string Name, string Sql)>(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name <> @Journal",
                new { Journal = Migrator.JournalTable });
            foreach (var (table, sql) in tables)
            {
                var facts = schema[table] = [];
                var columns = connection.Query<(string Name, long NotNull, long Pk, string? Default)>(
                    "SELECT name, \"notnull\", pk, dflt_value FROM pragma_table_info(@table) ORDER BY cid", new { table }).ToList();
                facts.Add("COLUMNS " + string.Join(", ", columns.Select(c => c.Name + (c.NotNull == 1 ? " NOT NULL" : " NULL"))));
                facts.Add("PK " + string.Join(", ", columns.Where(c => c.Pk > 0).OrderBy(c => c.Pk).Select(c => c.Name)));
                facts.AddRange(columns.Where(c => c.Default is not null).Select(c => SchemaFacts.Default(c.Name, Unparenthesized(c.Default!))));
                facts.AddRange(Checks(sql, columns.Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase)));
                foreach (var (name, origin, unique, partial) in connection.Query<(string, string, long, long)>(
                    "SELECT name, origin, \"unique\", partial FROM pragma_index_list(@table)", new { table }))
                {
                    var indexed = string.Join(", ", connection.Query<string>("SELECT name FROM pragma_index_info(@name) ORDER BY seqno",
                        new { name }));
                    if (origin == "u") facts.Add($"UNIQUE {indexed}");
                    else if (origin == "c") facts.Add($"INDEX {name} ({indexed})" + (unique == 1 ? " UNIQUE" : "")
                        + (partial == 1 ? " PARTIAL" : ""));
                }
                facts.AddRange(connection.Query<(string From, string Table, string To)>(
                    "SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list(@table)", new { table })
                    .Select(f => $"FK {f.From} -> {f.Table} ({f.To})"));
                // Triggers that refuse changes (RAISE) make a table append-only; the others keep counts (AFTER UPDATE).
                var triggers = connection.Query<(string Name, string Sql)>(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = @table", new { table }).ToList();
                if (triggers.Any(t => t.Sql.Contains("RAISE(", StringComparison.OrdinalIgnoreCase))) facts.Add("APPEND-ONLY TRIGGER");
                facts.AddRange(triggers.Where(t => !t.Sql.Contains("RAISE(", StringComparison.OrdinalIgnoreCase))
                    .Select(t => $"TRIGGER {t.Name} AFTER UPDATE"));
            }
            return schema;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
        }
    }

    /// <summary>
    /// The CHECK clauses of a CREATE TABLE statement as SQLite keeps it (the text as written, comments included, with
    /// ADD COLUMN definitions appended), each as the table's columns it names and the literals it lists.
    /// </summary>
    internal static IEnumerable<string> Checks(string createTable, IReadOnlySet<string> columns)
    {
        var tokens = Tokens(createTable).ToList();
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            if (tokens[i] is not { Kind: TokenKind.Word } check || !check.Text.Equals("CHECK",
                StringComparison.OrdinalIgnoreCase) || tokens[i + 1].Text != "(") continue;
            var depth = 0;
            var end = i + 1;
            for (; end < tokens.Count; end++)
            {
                depth += tokens[end].Text switch { "(" => 1, ")" => -1, _ => 0 };
                if (depth == 0) break;
            }
            var body = tokens.GetRange(i + 2, end - i - 2);
            yield return SchemaFacts.Check(
                body.Where(t => t.Kind is TokenKind.Word or TokenKind.QuotedName && columns.Contains(t.Text)).Select(t => t.Text.ToLowerInvariant()),
                body.Where(t => t.Kind is TokenKind.String or TokenKind.Number).Select(t =>
                    t.Kind == TokenKind.String ? SchemaFacts.StringLiteral(t.Text) : t.Text));
            i = end;
        }
    }

    private static string Unparenthesized(string expression)
    {
        var e = expression.Trim();
        while (e.Length >= 2 && e[0] == '(' && e[^1] == ')') e = e[1..^1].Trim();
        return e;
    }

    private enum TokenKind { Word, QuotedName, String, Number, Symbol }

    private readonly record struct Token(TokenKind Kind, string Text);

    // Enough of SQLite's lexer for a CREATE TABLE statement: comments skipped, quotes undone.
    private static IEnumerable<Token> Tokens(string sql)
    {
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                while (i < sql.Length && sql[i] != '\n') i++;
                continue;
            }
            if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                var close = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = close < 0 ? sql.Length : close + 2;
                continue;
            }
            if (c is '\'' or '"' or '`' or '[')
            {
                var closing = c == '[' ? ']' : c;
                var text = new StringBuilder();
                i++;
                while (i < sql.Length)
                {
                    if (sql[i] == closing)
                    {
                        // A doubled quote is one quote character inside the literal.
                        if (closing != ']' && i + 1 < sql.Length && sql[i + 1] == closing) { text.Append(closing); i += 2; continue; }
                        i++;
                        break;
                    }
                    text.Append(sql[i++]);
                }
                yield return new Token(c == '\'' ? TokenKind.String : TokenKind.QuotedName, text.ToString());
                continue;
            }
            if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = i;
                while (i < sql.Length && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] is '_' or '$')) i++;
                yield return new Token(TokenKind.Word, sql[start..i]);
                continue;
            }
            if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < sql.Length && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] == '.')) i++;
                yield return new Token(TokenKind.Number, sql[start..i]);
                continue;
            }
            yield return new Token(TokenKind.Symbol, c.ToString());
            i++;
        }
    }
}
