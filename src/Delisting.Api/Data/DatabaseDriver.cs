using System.Data.Common;

namespace Delisting.Api.Data;

/// <summary>What one database product does its own way. Only <see cref="Database"/> and <see cref="DbSession"/> use it.</summary>
internal abstract class DatabaseDriver(string connectionString) : IDisposable
{
    public abstract DatabaseProvider Provider { get; }

    public string ConnectionString { get; } = connectionString;

    /// <summary>How many values one IN list may carry (a look-up by many keys is split into lists of this size).</summary>
    public abstract int MaxInList { get; }

    public abstract DbConnection NewConnection();

    /// <summary>
    /// A SELECT of the text values of the JSON array held by <paramref name="parameter"/>, one row each: many keys sent as
    /// one parameter and read in one statement.
    /// </summary>
    public abstract string TextKeys(string parameter);

    /// <summary>A SELECT of the bytes of each hexadecimal text of the JSON array held by <paramref name="parameter"/>.</summary>
    public abstract string BinaryKeys(string parameter);

    /// <summary>Opens a session's connection, with whatever the driver sets on every connection.</summary>
    public virtual Task OpenAsync(DbConnection connection, CancellationToken cancellationToken) => connection.OpenAsync(cancellationToken);

    /// <summary>
    /// Where the database has one writer at a time: waits for this process's turn to write, which ends when the returned
    /// turn is disposed. Null where writers run side by side.
    /// </summary>
    public virtual Task<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken) => Task.FromResult<IDisposable?>(null);

    /// <summary>Write sessions and checkpoints waiting for their turn to write (0 where writers run side by side).</summary>
    public virtual int WritersWaiting => 0;

    public abstract DbTransaction BeginWrite(DbConnection connection);

    public abstract DbTransaction BeginSnapshot(DbConnection connection);

    /// <summary>Appended after an ORDER BY to take the first <paramref name="parameter"/> rows.</summary>
    public abstract string Limit(string parameter);

    public abstract string InsertIfAbsent(string table, IReadOnlyList<string> columns, IReadOnlyList<string> keyColumns);

    /// <summary>Inserts many rows of one table inside the session's transaction, without a round trip per row.</summary>
    public abstract Task BulkInsertAsync(DbConnection connection, DbTransaction transaction, string table,
        IReadOnlyList<string> columns, IEnumerable<object?[]> rows, CancellationToken cancellationToken);

    public abstract Task<IReadOnlyList<T>> QueryHotAsync<T>(string sql, object parameters, CancellationToken cancellationToken);

    public abstract void Migrate(string? through);

    public abstract Task PrepareAsync(Func<Task> startupWork, CancellationToken cancellationToken);

    /// <summary>
    /// A number that changes whenever anyone (any connection, any process) commits a change to the database, or null
    /// when the driver cannot tell cheaply. Equal stamps mean nothing was committed in between.
    /// </summary>
    public virtual long? CommitStamp() => null;

    /// <summary>Bounds the database's log (SQLite: a TRUNCATE checkpoint of the write-ahead log); nothing where the server does it.</summary>
    public virtual Task<LogCheckpoint> CheckpointAsync(CancellationToken cancellationToken) => Task.FromResult(LogCheckpoint.NotNeeded);

    /// <summary>Raised when the log has grown past its limit and should be checkpointed now rather than at the next interval.</summary>
    public event Action? CheckpointDue;

    protected void RaiseCheckpointDue() => CheckpointDue?.Invoke();

    /// <summary>
    /// SQL run first in a write transaction that adds feed rows, so that such transactions commit in the order their
    /// rows were numbered; null when writers are serialized already.
    /// </summary>
    public virtual string? SerializeChangesSql => null;

    /// <summary>Raised after a session of this process committed feed rows.</summary>
    public event Action? ChangesCommitted;

    public void RaiseChangesCommitted() => ChangesCommitted?.Invoke();

    /// <summary>A short name of the database for traces (a file name, a catalogue).</summary>
    public abstract string Namespace { get; }

    /// <summary>Closes what the driver keeps open between calls.</summary>
    public virtual void Dispose()
    {
    }
}
