using System.Data;
using System.Data.Common;
using Dapper;
using DbUp;
using Microsoft.Data.SqlClient;

namespace Delisting.Api.Data.SqlServer;

/// <summary>SQL Server, the production database: several instances may share it, so start-up work takes a lock.</summary>
internal sealed class SqlServerDriver(string connectionString) : DatabaseDriver(connectionString)
{
    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

    public override string Namespace { get; } = new SqlConnectionStringBuilder(connectionString).InitialCatalog;

    // A statement carries at most 2,100 parameters; long lists also make plans that are never reused.
    public override int MaxInList => 500;

    public override string TextKeys(string parameter) => $"SELECT value FROM OPENJSON({parameter})";

    // Style 2: hexadecimal digits without a 0x prefix.
    public override string BinaryKeys(string parameter) => $"SELECT CONVERT(varbinary(max), value, 2) FROM OPENJSON({parameter})";

    public override DbConnection NewConnection() => new SqlConnection(ConnectionString) { RetryLogicProvider = SqlServerRetry.Provider };

    public override DbTransaction BeginWrite(DbConnection connection) => connection.BeginTransaction(IsolationLevel.ReadCommitted);

    // Row versions give every statement of the transaction the same committed state without blocking writers;
    // PrepareAsync allows snapshot isolation on the database.
    public override DbTransaction BeginSnapshot(DbConnection connection) => connection.BeginTransaction(IsolationLevel.Snapshot);

    // Writers that add feed rows queue behind each other until commit: identity order becomes commit order, so a
    // reader of committed rows never sees a later row before an earlier one commits (see docs/feeds.md).
    public override string? SerializeChangesSql => StartupLock.SerializeChanges;

    public override string Limit(string parameter) => $" OFFSET 0 ROWS FETCH NEXT {parameter} ROWS ONLY";

    // HOLDLOCK makes the existence check and the insert one atomic step under concurrency.
    public override string InsertIfAbsent(string table, IReadOnlyList<string> columns, IReadOnlyList<string> keyColumns) =>
        $"INSERT INTO {table} ({string.Join(", ", columns)}) " +
        $"SELECT {string.Join(", ", columns.Select(c => "@" + ValueEncoding.PascalCase(c)))} " +
        $"WHERE NOT EXISTS (SELECT 1 FROM {table} WITH (UPDLOCK, HOLDLOCK) WHERE " +
        string.Join(" AND ", keyColumns.Select(c => $"{c} = @{ValueEncoding.PascalCase(c)}")) + ")";

    public override async Task BulkInsertAsync(DbConnection connection, DbTransaction transaction, string table,
        IReadOnlyList<string> columns, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        var data = BulkRows.ToDataTable(columns, rows);
        if (data.Rows.Count == 0) return;
        // CheckConstraints: without it SQL Server skips CHECK and FOREIGN KEY checks and marks them untrusted.
        // KeepNulls: a null is stored as NULL, as an INSERT would, never replaced by a column default.
        using var bulk = new SqlBulkCopy((SqlConnection)connection, SqlBulkCopyOptions.CheckConstraints | SqlBulkCopyOptions.KeepNulls,
            (SqlTransaction)transaction)
        {
            DestinationTableName = table,
            BatchSize = 10_000,
            BulkCopyTimeout = 120,
        };
        foreach (var column in columns) bulk.ColumnMappings.Add(column, column);
        await bulk.WriteToServerAsync(data, cancellationToken);
    }

    public override async Task<IReadOnlyList<T>> QueryHotAsync<T>(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = NewConnection();
        await connection.OpenAsync(cancellationToken);
        using var activity = DataActivity.Start(this, sql);
        return (await connection.QueryAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))).AsList();
    }

    public override void Migrate(string? through) =>
        Migrator.Apply(DeployChanges.To.SqlDatabase(ConnectionString).JournalToSqlTable("dbo", Migrator.JournalTable), Provider, through);

    /// <summary>
    /// Instances that start at once on one database migrate and seed one at a time (see <see cref="StartupLock"/>);
    /// snapshot isolation is allowed for read snapshots (ALTER DATABASE cannot run in a migration's transaction).
    /// </summary>
    public override async Task PrepareAsync(Func<Task> startupWork, CancellationToken cancellationToken)
    {
        await using var startupLock = await StartupLock.AcquireAsync(this, cancellationToken);
        Migrate(through: null);
        await using (var connection = NewConnection())
        {
            await connection.OpenAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(StartupLock.AllowSnapshots, cancellationToken: cancellationToken));
        }
        await startupWork();
    }
}
