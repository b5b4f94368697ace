namespace Delisting.Api.Compliance;

/// <summary>
/// How many compliance exports this instance streams at once (`Compliance:MaxConcurrentExports`, default 2): an export
/// reads a ruling's whole history, so beyond that many they would take the database and the CPU from every other
/// request. One more is refused (503 with Retry-After) rather than queued.
/// </summary>
public sealed class ExportSlots(IConfiguration configuration)
{
    public const int RetryAfterSeconds = 5;

    private readonly SemaphoreSlim slots = new(Math.Max(1, configuration.GetValue("Compliance:MaxConcurrentExports", 2)));

    /// <summary>A slot until the lease is disposed, or null when every slot is taken.</summary>
    public IDisposable? TryTake() => slots.Wait(0) ? new Lease(slots) : null;

    private sealed class Lease(SemaphoreSlim slots) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) slots.Release();
        }
    }
}
