using System.Collections.Concurrent;
using System.Text.Json;
using Delisting.Api.Feeds;
using Delisting.Api.Http;
using Microsoft.Extensions.Options;

namespace Delisting.Api.Webhooks;

/// <summary>
/// Sends webhooks from this instance. Each active subscription with work gets a worker of its own that cuts the
/// subscription's next events (up to 100) from its feed into a delivery and sends it under a lease (one sender at a
/// time across instances), then the next as soon as it succeeded: one delivery in flight per subscription, in feed
/// order, and subscriptions never wait on each other (only on <see cref="DeliverySlots"/>). Workers start when a
/// commit adds feed rows (<see cref="FeedWatcher"/>), when a subscription is pinged, enabled or deleted
/// (<see cref="Wake"/>), and at least every second for what other instances did; a failed attempt waits for its
/// retry on the service's clock.
/// </summary>
public sealed class WebhookSender(FeedStore feeds, FeedReader reader, FeedWatcher watcher, DeliveryQueue queue, DeliveryAttempts attempts,
    DeliverySlots slots, TimeProvider time, ILogger<WebhookSender> logger, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    : BackgroundService
{
    private const int MaxEventsPerDelivery = 100;
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private readonly string owner = Ids.New("snd");
    private readonly ConcurrentDictionary<string, Task> workers = new(StringComparer.Ordinal);
    private TaskCompletionSource woken = NewSignal();
    private long passesStarted, lastPassCompleted;

    /// <summary>Starts the workers of subscriptions whose deliveries changed outside the feed (a ping, enable, delete).</summary>
    public void Wake() => Interlocked.Exchange(ref woken, NewSignal()).TrySetResult();

    /// <summary>Look-ups of the subscriptions to start, begun so far (a probe for tests, with <see cref="LastPassCompleted"/>).</summary>
    public long PassesStarted => Interlocked.Read(ref passesStarted);

    /// <summary>The number of the last look-up that completed: every subscription active then has had its worker started.</summary>
    public long LastPassCompleted => Interlocked.Read(ref lastPassCompleted);

    /// <summary>Subscriptions whose worker is running now (a probe for tests).</summary>
    public int Working => workers.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = watcher.NextChange;
            var wake = Volatile.Read(ref woken).Task;
            var pass = Interlocked.Increment(ref passesStarted);
            try
            {
                foreach (var subscription in await queue.ActiveAsync(stoppingToken))
                {
                    if (workers.ContainsKey(subscription.Id)) continue;
                    var worker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    if (!workers.TryAdd(subscription.Id, worker.Task)) continue;
                    _ = RunAsync(subscription, worker, stoppingToken);
                }
                Interlocked.Exchange(ref lastPassCompleted, pass);
                await Task.WhenAny(changed, wake, Task.Delay(Tick, time, stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Webhook sending failed; trying again");
                await Task.Delay(Tick, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        await Task.WhenAll(workers.Values).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task RunAsync(SubscriptionRow subscription, TaskCompletionSource done, CancellationToken stoppingToken)
    {
        try
        {
            await WorkAsync(subscription, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Webhook sending to {SubscriptionId} failed; trying again", subscription.Id);
        }
        finally
        {
            workers.TryRemove(subscription.Id, out _);
            done.TrySetResult();
        }
    }

    /// <summary>Sends the subscription's deliveries one after the other until nothing is left to send; returns when idle.</summary>
    private async Task WorkAsync(SubscriptionRow subscription, CancellationToken stoppingToken)
    {
        var key = $"{subscription.Feed}:{subscription.Owner}";
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            // Taken before looking: a change committed after the look wakes this worker instead of being missed.
            var changed = watcher.NextChange;
            var wake = Volatile.Read(ref woken).Task;
            var delivery = await queue.OldestPendingAsync(subscription.Id, stoppingToken);
            if (delivery is null)
            {
                var cut = await CutAsync(subscription.Id, stoppingToken);
                if (cut is null) return;
                if (cut == true || changed.IsCompleted || wake.IsCompleted) continue;
                return;
            }
            var wait = delivery.DueAt - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await WaitAsync(wait, wake, stoppingToken);
                continue;
            }
            if (!await queue.LeaseAsync(delivery.Id, owner, time.GetUtcNow(), stoppingToken)) continue;
            using (await slots.EnterAsync(key, stoppingToken))
            {
                await attempts.SendAsync(delivery, owner, stoppingToken);
            }
        }
    }

    /// <summary>Cuts the subscription's next events into a delivery: true when cut, false when there were none, null when it is not active.</summary>
    private async Task<bool?> CutAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        if (await queue.ActiveAsync(subscriptionId, cancellationToken) is not { } subscription) return null;
        if (!FeedCursor.TryParse(subscription.FeedPosition, out var cursor)) return null;
        var engineFeed = subscription.Feed == WebhookFeeds.Engine;
        var (events, next) = await feeds.ReadAsync(engineFeed, subscription.Owner, cursor, MaxEventsPerDelivery, cancellationToken);
        if (events.Count == 0) return false;
        var body = JsonSerializer.Serialize(new { events = await reader.BuildAsync(events, cancellationToken) }, json.Value.SerializerOptions);
        // Another sender may have cut them first: either way there is a delivery to look at.
        await queue.CutAsync(subscription, body, events.Count, next.ToString(), time.GetUtcNow(), cancellationToken);
        return true;
    }

    /// <summary>Waits until <paramref name="wait"/> has passed on the service's clock or <paramref name="wake"/> completes.</summary>
    private async Task WaitAsync(TimeSpan wait, Task wake, CancellationToken stoppingToken)
    {
        using var woken = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var delay = Task.Delay(wait, time, woken.Token);
        await Task.WhenAny(delay, wake);
        await woken.CancelAsync();
        await delay.ContinueWith(_ => { }, TaskScheduler.Default);
        stoppingToken.ThrowIfCancellationRequested();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
