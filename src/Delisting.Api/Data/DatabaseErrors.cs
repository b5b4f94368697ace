using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace Delisting.Api.Data;

public enum DatabaseFailure { None, Busy, DuplicateKey }

/// <summary>Database exceptions by what they mean for the caller, whichever driver raised them.</summary>
internal static class DatabaseErrors
{
    public static DatabaseFailure Classify(Exception exception) => exception switch
    {
        // SQLITE_BUSY / SQLITE_LOCKED: another writer held the lock past the busy timeout.
        SqliteException { SqliteErrorCode: 5 or 6 } => DatabaseFailure.Busy,
        // A unique or primary key: two writers stored the same new key at once.
        SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 1555 or 2067 } => DatabaseFailure.DuplicateKey,
        SqlException { Number: 2627 or 2601 } => DatabaseFailure.DuplicateKey,
        // Lock request time-out, deadlock victim, snapshot update conflict.
        SqlException { Number: 1222 or 1205 or 3960 } => DatabaseFailure.Busy,
        ConcurrentChangeException => DatabaseFailure.Busy,
        _ => DatabaseFailure.None,
    };
}

/// <summary>Rows kept changing under a write that reads them again (where writers run side by side); a retry is safe.</summary>
public sealed class ConcurrentChangeException(string message) : Exception(message);
