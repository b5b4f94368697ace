using Microsoft.Data.Sqlite;

namespace Delisting.Api.Data.Sqlite;

/// <summary>
/// Automatic checkpoints are passive: while readers keep old snapshots open they copy pages back but never restart the
/// log, so it grows without end. A TRUNCATE checkpoint waits briefly for readers and writers and then empties the
/// log, on a connection whose `journal_size_limit` truncates a log that could not be emptied.
/// </summary>
internal static class WalCheckpoint
{
    public static async Task RunAsync(string connectionString, long journalSizeLimit, ILogger? logger, CancellationToken cancellationToken)
    {
        if (new SqliteConnectionStringBuilder(connectionString).DataSource is ":memory:" or "") return;
        try
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using (var setLimit = connection.CreateCommand())
            {
                // While a TRUNCATE checkpoint waits for readers it holds the write lock: give up after 50 ms (the log is
                // then checkpointed as far as possible, and emptied at a later tick) rather than stall writers.
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
                logger?.LogDebug("WAL checkpoint could not empty the log ({Pages} pages); retrying at the next tick", reader.GetInt64(1));
            }
        }
        catch (SqliteException exception)
        {
            logger?.LogWarning(exception, "WAL checkpoint failed; retrying at the next tick");
        }
    }
}
