using Microsoft.Data.Sqlite;

namespace Delisting.Api.Data.Sqlite;

/// <summary>
/// Automatic checkpoints are passive: while readers keep old snapshots open they copy pages back but never restart the
/// log, and a writer that starts before the last checkpoint finished appends to the log instead of restarting it, so
/// under back-to-back writers it grows without end. A TRUNCATE checkpoint, run in the writers' queue
/// (<see cref="WriterQueue"/>) so that no writer of this process is under way, waits briefly for readers of older
/// snapshots and then empties the log and truncates its file.
/// </summary>
internal static class WalCheckpoint
{
    /// <summary>
    /// How long the checkpoint waits for readers of older snapshots while it holds the turn to write (writers wait
    /// meanwhile). The service's reads are single statements or short snapshots; a reader still there after this is
    /// left alone, the log is copied back as far as it allows and emptied at a later checkpoint.
    /// </summary>
    public const int ReaderWaitMilliseconds = 200;

    public static async Task<LogCheckpoint> RunAsync(string connectionString, long journalSizeLimit, CancellationToken cancellationToken)
    {
        // Not pooled: the busy timeout set here must not stay with a connection that sessions use later.
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using (var setLimit = connection.CreateCommand())
        {
            setLimit.CommandText = $"PRAGMA journal_size_limit = {journalSizeLimit}; PRAGMA busy_timeout = {ReaderWaitMilliseconds};";
            await setLimit.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        checkpoint.CommandTimeout = 1;
        // One row: busy (1 when a reader or a writer of another process kept the log from being emptied), pages in the
        // log, pages copied back.
        await using var reader = await checkpoint.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return LogCheckpoint.Failed;
        return new LogCheckpoint(reader.GetInt64(0) == 0, reader.GetInt64(1), reader.GetInt64(2));
    }
}
