using Delisting.Api.Data;

namespace Delisting.Api.Webhooks;

/// <summary>A subscription as stored, with what only the sender needs (secret, feed position, failures in a row).</summary>
public sealed class SubscriptionRow
{
    public long Seq { get; init; }
    public string Id { get; init; } = "";
    public string Feed { get; init; } = "";
    public string Owner { get; init; } = "";
    public string Url { get; init; } = "";
    public string? Description { get; init; }
    public string Secret { get; init; } = "";
    public string Status { get; init; } = "";
    public string FeedPosition { get; init; } = "";
    public long FailedInRow { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    public WebhookContract ToContract(bool withSecret = false) => new(Id, Feed, Owner, Url, Description, Status, CreatedAt,
        withSecret ? Secret : null);
}

/// <summary>A delivery as stored.</summary>
public sealed class DeliveryRow
{
    public long Seq { get; init; }
    public string Id { get; init; } = "";
    public string SubscriptionId { get; init; } = "";
    public string Body { get; init; } = "";
    public long EventCount { get; init; }
    public string Status { get; init; } = "";
    public long Attempts { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public long? LastStatusCode { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    public DeliveryContract ToContract() => new(Id, Status, EventCount, Attempts, LastStatusCode, LastError, NextAttemptAt, CreatedAt);
}

/// <summary>Subscriptions, scoped to their owner (an engine or an organisation): another owner's subscription is not found.</summary>
public sealed class WebhooksStore(Database database)
{
    internal const string SubscriptionColumns = "seq, id, feed, owner, url, description, secret, status, feed_position, failed_in_row, created_at";
    internal const string DeliveryColumns =
        "seq, id, subscription_id, body, event_count, status, attempts, next_attempt_at, last_status_code, last_error, created_at";

    private const string Insert = """
        INSERT INTO webhook_subscriptions (id, feed, owner, url, description, secret, status, feed_position, failed_in_row, created_at, created_by)
        VALUES (@Id, @Feed, @Owner, @Url, @Description, @Secret, 'active', @FeedPosition, 0, @CreatedAt, @CreatedBy)
        """;

    private const string CountOwned = "SELECT COUNT(*) FROM webhook_subscriptions WHERE feed = @Feed AND owner = @Owner AND status <> 'deleted'";

    private const string SelectLatestChange = "SELECT COALESCE(MAX(seq), 0) FROM changes";

    private const string SelectOwned = $"""
        SELECT {SubscriptionColumns} FROM webhook_subscriptions
        WHERE feed = @Feed AND owner = @Owner AND status <> 'deleted' AND seq > @After
        ORDER BY seq
        """;

    private const string SelectOne = $"SELECT {SubscriptionColumns} FROM webhook_subscriptions WHERE id = @Id AND feed = @Feed AND owner = @Owner " +
        $"AND status <> 'deleted'";

    private const string Delete = "UPDATE webhook_subscriptions SET status = 'deleted' WHERE id = @Id AND feed = @Feed AND owner = @Owner AND " +
        "status <> 'deleted'";

    private const string Enable = "UPDATE webhook_subscriptions SET status = 'active', failed_in_row = 0 WHERE id = @Id AND feed = @Feed AND owner " +
        "= @Owner AND status <> 'deleted'";

    private const string SelectDeliveries = $"""
        SELECT {DeliveryColumns} FROM webhook_deliveries
        WHERE subscription_id = @SubscriptionId AND seq > @After
        ORDER BY seq
        """;

    internal const string InsertDelivery = """
        INSERT INTO webhook_deliveries (id, subscription_id, body, event_count, status, attempts, next_attempt_at, created_at)
        VALUES (@Id, @SubscriptionId, @Body, @EventCount, 'pending', 0, @CreatedAt, @CreatedAt)
        """;

    /// <summary>
    /// Stores a subscription that receives the owner's feed from now on (its position is the feed's end); null when the owner
    /// already holds <paramref name="maxPerOwner"/> (counted in the same write session as the insert).
    /// </summary>
    public async Task<SubscriptionRow?> InsertAsync(SubscriptionRow subscription, string createdBy, int maxPerOwner,
        CancellationToken cancellationToken)
    {
        await using var session = await database.WriteAsync(cancellationToken);
        if (await session.ScalarAsync<long>(CountOwned, new { subscription.Feed, subscription.Owner }) >= maxPerOwner) return null;
        var latest = await session.ScalarAsync<long>(SelectLatestChange);
        var stored = new SubscriptionRow
        {
            Id = subscription.Id, Feed = subscription.Feed, Owner = subscription.Owner, Url = subscription.Url,
                Description = subscription.Description,
            Secret = subscription.Secret, Status = WebhookStatuses.Active, FeedPosition = new Feeds.FeedCursor(latest, -1).ToString(),
            CreatedAt = subscription.CreatedAt,
        };
        await session.ExecuteAsync(Insert, new
        {
            stored.Id, stored.Feed, stored.Owner, stored.Url, stored.Description, stored.Secret, stored.FeedPosition, stored.CreatedAt,
                CreatedBy = createdBy,
        });
        await session.CommitAsync();
        return stored;
    }

    public async Task<(IReadOnlyList<SubscriptionRow> Subscriptions, long? Next)> ListAsync(string feed, string owner, long after, int limit,
        CancellationToken cancellationToken)
    {
        await using var session = await database.OpenAsync(cancellationToken);
        var (rows, more) = await session.QueryPageAsync<SubscriptionRow>(SelectOwned, new { Feed = feed, Owner = owner, After = after }, limit);
        return (rows, more ? rows[^1].Seq : null);
    }

    public async Task<SubscriptionRow?> GetAsync(string id, string feed, string owner, CancellationToken cancellationToken)
    {
        await using var session = await database.OpenAsync(cancellationToken);
        return await session.QuerySingleOrDefaultAsync<SubscriptionRow>(SelectOne, new { Id = id, Feed = feed, Owner = owner });
    }

    public async Task<bool> DeleteAsync(string id, string feed, string owner, CancellationToken cancellationToken)
    {
        await using var session = await database.WriteAsync(cancellationToken);
        var deleted = await session.ExecuteAsync(Delete, new { Id = id, Feed = feed, Owner = owner }) == 1;
        await session.CommitAsync();
        return deleted;
    }

    public async Task<bool> EnableAsync(string id, string feed, string owner, CancellationToken cancellationToken)
    {
        await using var session = await database.WriteAsync(cancellationToken);
        var enabled = await session.ExecuteAsync(Enable, new { Id = id, Feed = feed, Owner = owner }) == 1;
        await session.CommitAsync();
        return enabled;
    }

    public async Task<(IReadOnlyList<DeliveryRow> Deliveries, long? Next)> DeliveriesAsync(string subscriptionId, long after, int limit,
        CancellationToken cancellationToken)
    {
        await using var session = await database.OpenAsync(cancellationToken);
        var (rows, more) = await session.QueryPageAsync<DeliveryRow>(SelectDeliveries, new { SubscriptionId = subscriptionId, After = after }, limit);
        return (rows, more ? rows[^1].Seq : null);
    }

    /// <summary>A delivery outside the feed (a ping), queued behind the subscription's other deliveries.</summary>
    public async Task QueueAsync(string subscriptionId, string id, string body, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var session = await database.WriteAsync(cancellationToken);
        await session.ExecuteAsync(InsertDelivery, new { Id = id, SubscriptionId = subscriptionId, Body = body, EventCount = 1, CreatedAt = now });
        await session.CommitAsync();
    }
}
