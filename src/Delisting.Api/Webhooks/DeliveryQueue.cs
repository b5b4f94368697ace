using Delisting.Api.Data;
using Delisting.Api.Http;

namespace Delisting.Api.Webhooks;

/// <summary>A delivery due to be sent, with what sending it needs from its subscription.</summary>
public sealed class DueDelivery
{
    public string Id { get; init; } = "";
    public string SubscriptionId { get; init; } = "";
    public string Body { get; init; } = "";
    public long Attempts { get; init; }
    public string Url { get; init; } = "";
    public string Secret { get; init; } = "";
    public DateTimeOffset? NextAttemptAt { get; init; }
    public DateTimeOffset? LeaseUntil { get; init; }

    /// <summary>When it may be sent: at its next attempt, and not before another sender's lease ends.</summary>
    public DateTimeOffset DueAt => (NextAttemptAt ?? DateTimeOffset.MinValue) > (LeaseUntil ?? DateTimeOffset.MinValue)
        ? NextAttemptAt ?? DateTimeOffset.MinValue
        : LeaseUntil ?? DateTimeOffset.MinValue;
}

/// <summary>
/// The sender's side of the deliveries: cutting them from the feed, leasing them (one sender at a time, across
/// instances: a lease that expires if its instance dies), and recording each attempt.
/// </summary>
public sealed class DeliveryQueue(Database database, WebhookSettings settings)
{
    private const string SelectActive = $"SELECT {WebhooksStore.SubscriptionColumns} FROM webhook_subscriptions WHERE status = 'active' ORDER BY seq";

    private const string SelectActiveOne =
        $"SELECT {WebhooksStore.SubscriptionColumns} FROM webhook_subscriptions WHERE id = @Id AND status = 'active'";

    private const string MovePosition = """
        UPDATE webhook_subscriptions SET feed_position = @NewPosition
        WHERE id = @Id AND status = 'active' AND feed_position = @OldPosition
        """;

    // The oldest pending delivery of an active subscription: the only one that may be sent (one in flight, feed order).
    private const string SelectOldestPending = """
        SELECT d.id, d.subscription_id, d.body, d.attempts, d.next_attempt_at, d.lease_until, s.url, s.secret
        FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
        WHERE d.subscription_id = @SubscriptionId AND d.status = 'pending' AND s.status = 'active'
        ORDER BY d.seq
        """;

    private const string TakeLease = """
        UPDATE webhook_deliveries SET lease_owner = @Owner, lease_until = @Until
        WHERE id = @Id AND status = 'pending' AND (lease_until IS NULL OR lease_until < @Now)
        """;

    private const string RecordAttempt = """
        UPDATE webhook_deliveries
        SET status = @Status, attempts = attempts + 1, last_status_code = @StatusCode, last_error = @Error, last_response = @Response,
            next_attempt_at = @NextAttemptAt, completed_at = @CompletedAt, lease_owner = NULL, lease_until = NULL
        WHERE id = @Id AND lease_owner = @Owner
        """;

    private const string Succeeded = "UPDATE webhook_subscriptions SET failed_in_row = 0 WHERE id = @SubscriptionId";

    // Three failed deliveries in a row disable the subscription; enable resumes it where it stopped.
    private const string Failed = """
        UPDATE webhook_subscriptions
        SET failed_in_row = failed_in_row + 1, status = CASE WHEN failed_in_row + 1 >= 3 THEN 'disabled' ELSE status END
        WHERE id = @SubscriptionId AND status <> 'deleted'
        """;

    /// <summary>The subscriptions to send to, oldest first.</summary>
    public async Task<List<SubscriptionRow>> ActiveAsync(CancellationToken cancellationToken)
    {
        await using var session = await database.OpenAsync(cancellationToken);
        return await session.QueryAsync<SubscriptionRow>(SelectActive);
    }

    /// <summary>The subscription as stored now (its feed position), or null when it is no longer active.</summary>
    public async Task<SubscriptionRow?> ActiveAsync(string id, CancellationToken cancellationToken)
    {
        await using var session = await database.OpenAsync(cancellationToken);
        return await session.QuerySingleOrDefaultAsync<SubscriptionRow>(SelectActiveOne, new { Id = id });
    }

    /// <summary>The subscription's next delivery to send (leased or not, due or not), or null when none is pending.</summary>
    public async Task<DueDelivery?> OldestPendingAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        await using var session = await database.OpenAsync(cancellationToken);
        var (rows, _) = await session.QueryPageAsync<DueDelivery>(SelectOldestPending, new { SubscriptionId = subscriptionId }, 1);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Queues the events as one delivery and moves the subscription past them, together; false when another sender did it first.</summary>
    public async Task<bool> CutAsync(SubscriptionRow subscription, string body, int count, string newPosition, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var session = await database.WriteAsync(cancellationToken);
        if (await session.ExecuteAsync(MovePosition, new { subscription.Id, NewPosition = newPosition,
            OldPosition = subscription.FeedPosition }) != 1) return false;
        await session.ExecuteAsync(WebhooksStore.InsertDelivery, new { Id = Ids.New("msg"), SubscriptionId = subscription.Id, Body = body,
            EventCount = count, CreatedAt = now });
        await session.CommitAsync();
        return true;
    }

    public async Task<bool> LeaseAsync(string id, string owner, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var session = await database.WriteAsync(cancellationToken);
        var leased = await session.ExecuteAsync(TakeLease, new { Id = id, Owner = owner, Now = now, Until = now + settings.Lease }) == 1;
        await session.CommitAsync();
        return leased;
    }

    /// <summary>Records an attempt: succeeded, to retry at <paramref name="retryAt"/>, or failed when the schedule ran out (null).</summary>
    public async Task RecordAsync(DueDelivery delivery, string owner, bool success, int? statusCode, string? error, string? response,
        DateTimeOffset now, DateTimeOffset? retryAt, CancellationToken cancellationToken)
    {
        var status = success ? DeliveryStatuses.Succeeded : retryAt is null ? DeliveryStatuses.Failed : DeliveryStatuses.Pending;
        await using var session = await database.WriteAsync(cancellationToken);
        var recorded = await session.ExecuteAsync(RecordAttempt, new
        {
            delivery.Id, Owner = owner, Status = status, StatusCode = statusCode, Error = error, Response = response,
            NextAttemptAt = status == DeliveryStatuses.Pending ? retryAt : null,
                CompletedAt = status == DeliveryStatuses.Pending ? (DateTimeOffset?)null : now,
        });
        if (recorded == 1 && status != DeliveryStatuses.Pending)
        {
            await session.ExecuteAsync(success ? Succeeded : Failed, new { delivery.SubscriptionId });
        }
        await session.CommitAsync();
    }
}
