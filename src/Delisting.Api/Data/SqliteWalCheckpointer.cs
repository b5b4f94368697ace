using Microsoft.Data.Sqlite;

namespace Delisting.Api.Data;

/// <summary>
/// Keeps SQLite's write-ahead log bounded under sustained load. Automatic checkpoints are passive: while readers
/// keep old snapshots open they copy pages back but never restart the log, so it grows without end. Every
/// `Database:WalCheckpointSeconds` (default 10; 0 turns it off) this service runs a TRUNCATE checkpoint, which
/// waits briefly for readers and writers and then empties the log, on a connection whose `journal_size_limit`
/// (`Database:JournalSizeLimitBytes`, default 64 MiB) truncates a log that could not be emptied. Nothing on SQL Server.
/// </summary>
public sealed class SqliteWalCheckpointer(Database database, IConfiguration configuration, TimeProvider time, ILogger<SqliteWalCheckpointer> logger)
    : BackgroundService
{
    public const long DefaultJournalSizeLimitBytes = 64L * 1024 * 1024;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = configuration.GetValue("Database:WalCheckpointSeconds", 10);
        if (database.Provider != DatabaseProvider.Sqlite || seconds <= 0) return;
        if (new SqliteConnectionStringBuilder(database.ConnectionString).DataSource is ":memory:" or "") return;
        var limit = configuration.GetValue("Database:JournalSizeLimitBytes", DefaultJournalSizeLimitBytes);

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await CheckpointAsync(limit, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    public async Task CheckpointAsync(long journalSizeLimit, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = (SqliteConnection)await database.OpenAsync(cancellationToken);
            await using (var setLimit = connection.CreateCommand())
            {
                // While a TRUNCATE checkpoint waits for readers it holds the write lock: give up after 50 ms
                // (the log is then checkpointed as far as possible, and emptied at a later tick) rather than stall writers.
                setLimit.CommandText = $"PRAGMA journal_size_limit = {journalSizeLimit}; PRAGMA busy_timeout = 50;";
                await setLimit.ExecuteNonQueryAsync(cancellationToken);
            }
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            checkpoint.CommandTimeout = 1;
            // One row: busy (1 when readers or a writer kept the log from being emptied), log pages, pages copied back.
            await using var reader = await checkpoint.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken) && reader.GetInt64(0) == 1)
            {
                logger.LogDebug("WAL checkpoint could not empty the log ({Pages} pages); retrying at the next tick", reader.GetInt64(1));
            }
        }
        catch (SqliteException exception)
        {
            logger.LogWarning(exception, "WAL checkpoint failed; retrying at the next tick");
        }
    }
}
