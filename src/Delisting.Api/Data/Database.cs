using System.Data.Common;

namespace Delisting.Api.Data;

public enum DatabaseProvider { Sqlite, SqlServer }

/// <summary>
/// The one seam between the features and the database. Features open a session (a plain read, a read snapshot or
/// a write transaction) and run portable SQL through it; everything that depends on the driver (connections,
/// transactions, value encoding, IN-list sizes, bulk inserts, kept-prepared statements, start-up locking) is in
/// the provider's <see cref="DatabaseDriver"/>, so every feature has exactly one code path.
/// </summary>
public sealed class Database : IDisposable
{
    private readonly DatabaseDriver driver;

    /// <summary>The default of `Database:JournalSizeLimitBytes`: past this size, the log is checkpointed without waiting.</summary>
    public const long DefaultJournalSizeLimitBytes = 64L * 1024 * 1024;

    public Database(DatabaseProvider provider, string connectionString, long journalSizeLimit = DefaultJournalSizeLimitBytes)
    {
        DapperSettings.Apply();
        driver = provider == DatabaseProvider.Sqlite
            ? new Sqlite.SqliteDriver(connectionString, journalSizeLimit)
            : new SqlServer.SqlServerDriver(connectionString);
    }

    public DatabaseProvider Provider => driver.Provider;

    public string ConnectionString => driver.ConnectionString;

    public static Database FromConfiguration(IConfiguration configuration, string contentRoot)
    {
        var providerName = configuration["Database:Provider"] ?? nameof(DatabaseProvider.Sqlite);
        if (!Enum.TryParse<DatabaseProvider>(providerName, ignoreCase: true, out var provider) || !Enum.IsDefined(provider))
        {
            throw new InvalidOperationException($"Database:Provider must be Sqlite or SqlServer, not '{providerName}'.");
        }
        var connectionString = configuration.GetConnectionString("Delisting");
        if (provider == DatabaseProvider.Sqlite)
        {
            return new Database(provider, Sqlite.SqliteDriver.ResolveFile(connectionString ?? "Data Source=App_Data/delisting.db", contentRoot),
                configuration.GetValue("Database:JournalSizeLimitBytes", DefaultJournalSizeLimitBytes));
        }
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException("ConnectionStrings:Delisting is required when Database:Provider is SqlServer.");
        }
        return new Database(provider, connectionString);
    }

    /// <summary>A connection for reads, each statement on its own.</summary>
    public Task<DbSession> OpenAsync(CancellationToken cancellationToken) => StartAsync(SessionKind.Read, cancellationToken);

    /// <summary>
    /// Reads that must agree with each other: every statement of the session sees the database as it was at the
    /// session's first read, whatever commits meanwhile.
    /// </summary>
    public Task<DbSession> SnapshotAsync(CancellationToken cancellationToken) => StartAsync(SessionKind.Snapshot, cancellationToken);

    /// <summary>
    /// A write transaction. Reads inside it see a state no other writer changes before commit on SQLite (the write
    /// lock is taken at once); on SQL Server, conditional updates detect a concurrent change (read committed).
    /// Disposing it without <see cref="DbSession.CommitAsync"/> rolls everything back.
    /// </summary>
    public Task<DbSession> WriteAsync(CancellationToken cancellationToken) => StartAsync(SessionKind.Write, cancellationToken);

    /// <summary>
    /// A single-statement read made on every API call (the key look-up, a request's counts): on SQLite the statement
    /// is kept prepared between calls. Rows are mapped the way Dapper maps them.
    /// </summary>
    public Task<IReadOnlyList<T>> QueryHotAsync<T>(string sql, object parameters, CancellationToken cancellationToken) =>
        driver.QueryHotAsync<T>(sql, parameters, cancellationToken);

    /// <summary>
    /// Changes whenever any connection or process commits to the database; null when the provider cannot tell
    /// cheaply (then callers must assume something changed). Lets a reader share a read already under way only when
    /// nothing was committed since it began.
    /// </summary>
    public long? CommitStamp() => driver.CommitStamp();

    /// <summary>Raised after a session of this process committed feed rows (other instances' commits are found by polling).</summary>
    public event Action? ChangesCommitted
    {
        add => driver.ChangesCommitted += value;
        remove => driver.ChangesCommitted -= value;
    }

    /// <summary>An INSERT of the given columns (parameters named like the columns in PascalCase) that does nothing when the key exists.</summary>
    public string InsertIfAbsent(string table, IReadOnlyList<string> columns, IReadOnlyList<string> keyColumns) =>
        driver.InsertIfAbsent(table, columns, keyColumns);

    /// <summary>Migrates to the latest script (or through the named one) and prepares the database for use, then runs
    /// <paramref name="startupWork"/> (seeding); with several instances, one at a time.</summary>
    public Task PrepareAsync(Func<Task> startupWork, CancellationToken cancellationToken) => driver.PrepareAsync(startupWork, cancellationToken);

    internal void Migrate(string? through) => driver.Migrate(through);

    /// <summary>Bounds the database's log, in the writers' queue ahead of every writer waiting; see <see cref="LogCheckpointer"/>.</summary>
    public Task<LogCheckpoint> CheckpointAsync(CancellationToken cancellationToken) => driver.CheckpointAsync(cancellationToken);

    /// <summary>Raised when the log has grown past `Database:JournalSizeLimitBytes` and should be checkpointed now.</summary>
    public event Action? CheckpointDue
    {
        add => driver.CheckpointDue += value;
        remove => driver.CheckpointDue -= value;
    }

    /// <summary>
    /// Write sessions and checkpoints of this process waiting for their turn to write (SQLite has one writer at a time);
    /// 0 where writers run side by side.
    /// </summary>
    public int WritersWaiting => driver.WritersWaiting;

    /// <summary>What a database exception means for the client, whatever the driver.</summary>
    public static DatabaseFailure Classify(Exception exception) => DatabaseErrors.Classify(exception);

    public async Task<bool> CanConnectAsync(CancellationToken cancellationToken)
    {
        await using var session = await OpenAsync(cancellationToken);
        return await session.ScalarAsync<int>("SELECT 1") == 1;
    }

    public void Dispose() => driver.Dispose();

    private async Task<DbSession> StartAsync(SessionKind kind, CancellationToken cancellationToken)
    {
        // The turn to write is taken before the connection: a writer waiting holds no connection.
        var turn = kind == SessionKind.Write ? await driver.EnterWriteAsync(cancellationToken) : null;
        var connection = driver.NewConnection();
        try
        {
            await driver.OpenAsync(connection, cancellationToken);
            DbTransaction? transaction = kind switch
            {
                SessionKind.Write => driver.BeginWrite(connection),
                SessionKind.Snapshot => driver.BeginSnapshot(connection),
                _ => null,
            };
            return new DbSession(driver, connection, transaction, turn, cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            turn?.Dispose();
            throw;
        }
    }

    private enum SessionKind { Read, Snapshot, Write }
}
