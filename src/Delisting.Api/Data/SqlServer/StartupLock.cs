using Dapper;
using Microsoft.Data.SqlClient;

namespace Delisting.Api.Data.SqlServer;

/// <summary>
/// Serializes start-up work (migrations, seeding) across instances that share a database: each holds a
/// session-owned application lock while it migrates and seeds, so a second instance waits, then finds the scripts
/// journalled and the seeds present.
/// </summary>
internal sealed class StartupLock : IAsyncDisposable
{
    /// <summary>Long enough for a migration that rebuilds a large table; a start-up that waits longer fails.</summary>
    public const int TimeoutMilliseconds = 10 * 60 * 1000;

    // sp_getapplock returns 0 or 1 when granted, a negative number when not (timeout, deadlock, error).
    public const string Acquire = """
        DECLARE @Result int;
        EXEC @Result = sp_getapplock @Resource = N'delisting-startup', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = @Timeout;
        SELECT @Result;
        """;

    public const string Release = "EXEC sp_releaseapplock @Resource = N'delisting-startup', @LockOwner = 'Session';";

    /// <summary>Taken by every transaction that adds feed rows, released at its commit or rollback.</summary>
    public const string SerializeChanges =
        "EXEC sp_getapplock @Resource = N'delisting-changes', @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 30000;";

    // Idempotent; needs no exclusive access to the database.
    public const string AllowSnapshots = """
        IF (SELECT snapshot_isolation_state FROM sys.databases WHERE database_id = DB_ID()) = 0
            ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION ON;
        """;

    private readonly SqlConnection connection;

    private StartupLock(SqlConnection connection) => this.connection = connection;

    public static async Task<StartupLock> AcquireAsync(SqlServerDriver driver, CancellationToken cancellationToken)
    {
        var connection = (SqlConnection)driver.NewConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            var result = await connection.ExecuteScalarAsync<int>(new CommandDefinition(Acquire, new { Timeout = TimeoutMilliseconds },
                commandTimeout: TimeoutMilliseconds / 1000 + 30, cancellationToken: cancellationToken));
            if (result < 0)
            {
                throw new InvalidOperationException(
                    $"Another instance kept the start-up lock for more than {TimeoutMilliseconds / 60_000} minutes (sp_getapplock returned " +
                        $"{result}).");
            }
            return new StartupLock(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await connection.ExecuteAsync(Release);
        }
        catch
        {
            // A pooled connection keeps its session, and the session its lock: drop the pool so the session ends.
            SqlConnection.ClearPool(connection);
            throw;
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }
}
