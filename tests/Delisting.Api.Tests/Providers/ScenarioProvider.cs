using Delisting.Api.Tests.Infrastructure;
using Delisting.Api.Tests.SqlServer;
using Microsoft.Data.Sqlite;

namespace Delisting.Api.Tests.Providers;

/// <summary>
/// A database the provider scenarios run on: one per test, prepared before it and removed after it. Every app a
/// test starts through <see cref="NewApp"/> uses that same database. Constructing a provider does no work: the
/// test framework constructs one to ask for <see cref="SkipReason"/>.
/// </summary>
public abstract class ScenarioProvider : IScenarioBackend, IAsyncDisposable
{
    public virtual string? SkipReason => null;

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public abstract DelistingApp NewApp();

    public abstract ValueTask DisposeAsync();
}

/// <summary>A SQLite file of the test's own: the reference behaviour SQL Server must match. Always runs.</summary>
public sealed class SqliteProvider : ScenarioProvider
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"delisting-scenario-{Guid.NewGuid():N}.db");

    public override DelistingApp NewApp() => new(path);

    // The apps were given the file, so they leave it: it is removed here, after the last of them.
    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// A database of the test's own on the SQL Server named by DELISTING_SQLSERVER: created empty, migrated by the
/// first app's start-up, dropped after the test.
/// </summary>
public sealed class SqlServerProvider : ScenarioProvider
{
    private SqlServerTestDatabase? database;

    public override string? SkipReason => string.IsNullOrWhiteSpace(SqlServerFactAttribute.ConnectionString)
        ? $"{SqlServerFactAttribute.Variable} is not set; no SQL Server on this machine"
        : null;

    public override async Task InitializeAsync() => database = await SqlServerTestDatabase.CreateAsync(SqlServerFactAttribute.ConnectionString!);

    public override DelistingApp NewApp() => new(extraSettings: new Dictionary<string, string>
    {
        ["Database:Provider"] = "SqlServer",
        ["ConnectionStrings:Delisting"] = database!.ConnectionString,
    });

    public override async ValueTask DisposeAsync()
    {
        if (database is not null) await database.DisposeAsync();
    }
}
