using System.Data;
using System.Data.Common;
using DbUp;
using Microsoft.Data.Sqlite;

namespace Delisting.Api.Data.Sqlite;

/// <summary>SQLite, the embedded default: one file, one writer at a time, WAL so readers never wait for it.</summary>
internal sealed class SqliteDriver : DatabaseDriver
{
    private const int BusySeconds = 30;
    private readonly PreparedStatements prepared;
    private readonly WriterQueue writers = new(TimeSpan.FromSeconds(BusySeconds));
    private readonly long journalSizeLimit;
    private readonly string? logFile;

    public SqliteDriver(string connectionString, long journalSizeLimit)
        : base(new SqliteConnectionStringBuilder(connectionString) { ForeignKeys = true, DefaultTimeout = BusySeconds }.ToString())
    {
        prepared = new PreparedStatements(this);
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        Namespace = Path.GetFileName(file);
        this.journalSizeLimit = journalSizeLimit;
        logFile = file is ":memory:" or "" ? null : file + "-wal";
    }

    private readonly Lock watchLock = new();
    private SqliteConnection? watch;
    private SqliteCommand? dataVersion;

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    // PRAGMA data_version on one connection kept for it: its value changes when any other connection, in this process or
    // another, commits. It reads the shared WAL index only, no page of the database.
    public override long? CommitStamp()
    {
        lock (watchLock)
        {
            if (dataVersion is null)
            {
                watch = new SqliteConnection(new SqliteConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString());
                watch.Open();
                dataVersion = watch.CreateCommand();
                dataVersion.CommandText = "PRAGMA data_version";
                dataVersion.Prepare();
            }
            return (long)dataVersion.ExecuteScalar()!;
        }
    }

    public override string Namespace { get; }

    // Microsoft.Data.Sqlite finds each parameter by a linear search of the names: binding n parameters costs n²,
    // so an IN list stays short.
    public override int MaxInList => 64;

    public override string TextKeys(string parameter) => $"SELECT value FROM json_each({parameter})";

    public override string BinaryKeys(string parameter) => $"SELECT unhex(value) FROM json_each({parameter})";

    /// <summary>A relative file is kept under the app's content root, not wherever the shell happens to be.</summary>
    public static string ResolveFile(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource != ":memory:" && !Path.IsPathRooted(builder.DataSource))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, builder.DataSource));
        }
        var directory = Path.GetDirectoryName(builder.DataSource);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        return builder.ToString();
    }

    public override DbConnection NewConnection() => new SqliteConnection(ConnectionString);

    // journal_size_limit on every session's connection: a writer that restarts the log from its start (the last
    // checkpoint copied all of it back) then also truncates the file to the limit, instead of keeping its largest size.
    public override async Task OpenAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await connection.OpenAsync(cancellationToken);
        await using var command = ((SqliteConnection)connection).CreateCommand();
        command.CommandText = $"PRAGMA journal_size_limit = {journalSizeLimit};";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public override async Task<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken)
    {
        await writers.EnterAsync(checkpoint: false, cancellationToken);
        return new WriteTurn(this);
    }

    public override int WritersWaiting => writers.Waiting;

    // A writer's turn ends after its commit and the passive checkpoint SQLite runs in it; if the log is still over its
    // limit (readers kept that checkpoint from copying it all back), the log checkpointer is asked to run now.
    private void EndWrite()
    {
        writers.Exit();
        if (logFile is not null && new FileInfo(logFile) is { Exists: true } log && log.Length > journalSizeLimit) RaiseCheckpointDue();
    }

    private sealed class WriteTurn(SqliteDriver driver) : IDisposable
    {
        private int ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref ended, 1) == 0) driver.EndWrite();
        }
    }

    // BEGIN IMMEDIATE: the write lock is taken at once, so what the transaction reads no other writer changes before commit.
    public override DbTransaction BeginWrite(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: false);

    // BEGIN DEFERRED in WAL mode: every read of the transaction sees the snapshot taken at its first read.
    public override DbTransaction BeginSnapshot(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: true);

    public override string Limit(string parameter) => $" LIMIT {parameter}";

    public override string InsertIfAbsent(string table, IReadOnlyList<string> columns, IReadOnlyList<string> keyColumns) =>
        $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "@" + ValueEncoding.PascalCase(c)))}) " +
        $"ON CONFLICT ({string.Join(", ", keyColumns)}) DO NOTHING";

    // One statement prepared on the connection's own handle, its values bound by position per row: SQLite's fastest
    // insert path. Through SqliteCommand every value of every row would be bound by looking its name up again.
    public override Task BulkInsertAsync(DbConnection connection, DbTransaction transaction, string table,
        IReadOnlyList<string> columns, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        var sql = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(_ => "?"))})";
        SqliteRows.Insert(((SqliteConnection)connection).Handle!, sql, columns.Count, rows, cancellationToken);
        return Task.CompletedTask;
    }

    // In the writers' queue, ahead of every writer waiting: the checkpoint waits for the writer under way only.
    public override async Task<LogCheckpoint> CheckpointAsync(CancellationToken cancellationToken)
    {
        if (logFile is null) return LogCheckpoint.NotNeeded;
        await writers.EnterAsync(checkpoint: true, cancellationToken);
        try
        {
            return await WalCheckpoint.RunAsync(ConnectionString, journalSizeLimit, cancellationToken);
        }
        finally
        {
            writers.Exit();
        }
    }

    public override void Dispose()
    {
        prepared.Dispose();
        lock (watchLock)
        {
            dataVersion?.Dispose();
            watch?.Dispose();
            dataVersion = null;
            watch = null;
        }
    }

    public override Task<IReadOnlyList<T>> QueryHotAsync<T>(string sql, object parameters, CancellationToken cancellationToken) =>
        Task.FromResult(prepared.Query<T>(sql, parameters));

    public override void Migrate(string? through)
    {
        Migrator.Apply(DeployChanges.To.SqliteDatabase(ConnectionString).JournalToSqliteTable(Migrator.JournalTable), Provider, through);
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        // WAL is a property of the file, kept by every later connection. The planner gets statistics (bounded work)
        // so it knows engine_id has a handful of values and an id a single row.
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA analysis_limit=1000; PRAGMA optimize=0x10002;";
        command.ExecuteNonQuery();
    }

    // One process per file: nothing to coordinate with.
    /// <summary>The oldest SQLite the service's SQL runs on: CONCAT (item ids, feed rows, derived event ids) came with 3.44.</summary>
    public static readonly Version MinimumVersion = new(3, 44, 0);

    /// <summary>Refuses to start on an SQLite older than <see cref="MinimumVersion"/>, saying which it found and what to do.</summary>
    public static void RequireVersion(string found)
    {
        if (Version.TryParse(found, out var version) && version >= MinimumVersion) return;
        throw new InvalidOperationException($"SQLite {found} is too old: the service's SQL needs SQLite {MinimumVersion} or later (CONCAT). " +
            "The SQLite bundled with Microsoft.Data.Sqlite (SQLitePCLRaw.bundle_e_sqlite3) is recent enough; a system SQLite provider must be too.");
    }

    public override async Task PrepareAsync(Func<Task> startupWork, CancellationToken cancellationToken)
    {
        await using (var connection = new SqliteConnection(ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            RequireVersion(connection.ServerVersion);
        }
        Migrate(through: null);
        await startupWork();
    }
}
