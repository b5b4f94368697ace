using Microsoft.Data.SqlClient;

namespace Delisting.Api.Data.SqlServer;

/// <summary>
/// Retries opening a connection on transient faults (failover, throttling). Commands are not retried
/// automatically: a write retried after an unknown outcome could apply twice; the idempotency records and
/// conditional updates make a client's own retry safe instead.
/// </summary>
internal static class SqlServerRetry
{
    public static readonly SqlRetryLogicBaseProvider Provider = SqlConfigurableRetryFactory.CreateExponentialRetryProvider(
        new SqlRetryLogicOption
        {
            NumberOfTries = 5,
            DeltaTime = TimeSpan.FromMilliseconds(500),
            MaxTimeInterval = TimeSpan.FromSeconds(10),
            // Transient errors: throttling, failover, database not yet available.
            TransientErrors = [4060, 40197, 40501, 40613, 49918, 49919, 49920, 4221, 10928, 10929, 10053, 10054, 10060, 233, 64, 20],
        });
}
