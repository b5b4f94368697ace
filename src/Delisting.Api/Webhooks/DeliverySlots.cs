using System.Collections.Concurrent;

namespace Delisting.Api.Webhooks;

/// <summary>
/// Bounds the delivery attempts in flight on this instance, fairly across owners: an attempt takes a slot of its owner
/// (engine or organisation) and one of the instance, so one owner's receivers that never answer hold at most that
/// owner's share while every other owner's deliveries go on.
/// </summary>
public sealed class DeliverySlots(WebhookSettings settings)
{
    private readonly SemaphoreSlim all = new(settings.MaxConcurrentDeliveries);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> owners = new(StringComparer.Ordinal);

    /// <summary>Waits for a slot of <paramref name="owner"/> and of the instance; dispose the answer to give both back.</summary>
    public async Task<IDisposable> EnterAsync(string owner, CancellationToken cancellationToken)
    {
        var mine = owners.GetOrAdd(owner, _ => new SemaphoreSlim(settings.MaxConcurrentDeliveriesPerOwner));
        await mine.WaitAsync(cancellationToken);
        try
        {
            await all.WaitAsync(cancellationToken);
        }
        catch
        {
            mine.Release();
            throw;
        }
        return new Slot(mine, all);
    }

    private sealed class Slot(SemaphoreSlim owner, SemaphoreSlim all) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 1) return;
            all.Release();
            owner.Release();
        }
    }
}
