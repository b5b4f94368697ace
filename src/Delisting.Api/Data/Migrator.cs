using DbUp;
using DbUp.Engine;

namespace Delisting.Api.Data;

/// <summary>Applies the embedded, numbered scripts of the configured provider, journalled by DbUp.</summary>
public static class Migrator
{
    public const string JournalTable = "schema_versions";

    public static string ScriptPrefix(DatabaseProvider provider) => $"Delisting.Api.Data.Migrations.{provider}.";

    public static void Migrate(Database database) => Migrate(database, through: null);

    /// <summary>Applies the scripts up to and including <paramref name="through"/> (a script name such as 0002_requests.sql), or all.</summary>
    internal static void Migrate(Database database, string? through)
    {
        var prefix = ScriptPrefix(database.Provider);
        var assembly = typeof(Migrator).Assembly;
        var builder = database.Provider == DatabaseProvider.Sqlite
            ? DeployChanges.To.SqliteDatabase(database.ConnectionString).JournalToSqliteTable(JournalTable)
            : DeployChanges.To.SqlDatabase(database.ConnectionString).JournalToSqlTable("dbo", JournalTable);

        var upgrader = builder
            .WithScriptsEmbeddedInAssembly(assembly, name => name.StartsWith(prefix, StringComparison.Ordinal)
                && (through is null || string.CompareOrdinal(name[prefix.Length..], through) <= 0))
            .WithTransaction()
            .LogToNowhere()
            .Build();

        DatabaseUpgradeResult result = upgrader.PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException($"Database migration failed at {result.ErrorScript?.Name}.", result.Error);
        }

        if (database.Provider == DatabaseProvider.Sqlite)
        {
            // WAL is a property of the database file: set once, kept by every later connection.
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection(database.ConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            // WAL; and statistics for the planner (bounded work), so it knows engine_id has a handful of values
            // and an id a single row.
            command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA analysis_limit=1000; PRAGMA optimize=0x10002;";
            command.ExecuteNonQuery();
        }
    }
}
