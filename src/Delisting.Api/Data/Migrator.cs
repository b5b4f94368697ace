using DbUp.Builder;
using DbUp.Engine;

namespace Delisting.Api.Data;

/// <summary>The embedded, numbered scripts of each provider, applied in name order by DbUp, each in a transaction.</summary>
public static class Migrator
{
    public const string JournalTable = "schema_versions";

    public static string ScriptPrefix(DatabaseProvider provider) => $"Delisting.Api.Data.Migrations.{provider}.";

    /// <summary>Applies the scripts up to and including <paramref name="through"/> (a script name such as 0002_requests.sql), or all.</summary>
    public static void Migrate(Database database, string? through = null) => database.Migrate(through);

    internal static void Apply(UpgradeEngineBuilder target, DatabaseProvider provider, string? through)
    {
        var prefix = ScriptPrefix(provider);
        var upgrader = target
            .WithScriptsEmbeddedInAssembly(typeof(Migrator).Assembly, name => name.StartsWith(prefix, StringComparison.Ordinal)
                && (through is null || string.CompareOrdinal(name[prefix.Length..], through) <= 0))
            .WithTransaction()
            .LogToNowhere()
            .Build();
        DatabaseUpgradeResult result = upgrader.PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException($"Database migration failed at {result.ErrorScript?.Name}.", result.Error);
        }
    }
}
