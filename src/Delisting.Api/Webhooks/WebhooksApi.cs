using System.Text.Json;
using Delisting.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Delisting.Api.Webhooks;

/// <summary>Webhooks: an engine's or organisation's change feed pushed to a receiver, signed the Standard Webhooks way.</summary>
public static class WebhooksApi
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddSingleton<WebhooksStore>();
        services.AddSingleton<DeliveryQueue>();
        services.AddSingleton<TargetPolicy>();
        services.AddSingleton<WebhookSettings>();
        services.AddSingleton<DeliverySlots>();
        services.AddSingleton<DeliveryAttempts>();
        services.AddSingleton<WebhookSender>();
        services.AddHostedService(provider => provider.GetRequiredService<WebhookSender>());
        return services;
    }

    public static RouteGroupBuilder MapWebhooks(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/webhooks").WithTags("Webhooks").RequireAuthorization(Roles.Subscriber);
        group.MapPost("/", CreateWebhook).WithName("CreateWebhook")
            .WithSummary("Subscribe a receiver to your engine's or organisation's change feed; the secret is shown once")
            .WithValidation().ProducesProblem(409);
        group.MapGet("/", ListWebhooks).WithName("ListWebhooks").WithSummary("Your subscriptions, oldest first (no secrets)");
        group.MapGet("/{webhookId}", GetWebhook).WithName("GetWebhook").WithSummary("One subscription");
        group.MapDelete("/{webhookId}", DeleteWebhook).WithName("DeleteWebhook").WithSummary("Stop a subscription");
        group.MapGet("/{webhookId}/deliveries", ListDeliveries).WithName("ListWebhookDeliveries")
            .WithSummary("A subscription's deliveries, oldest first: status, attempts, last response, next attempt");
        group.MapPost("/{webhookId}/enable", EnableWebhook).WithName("EnableWebhook")
            .WithSummary("Resume a disabled subscription where it stopped");
        group.MapPost("/{webhookId}/ping", PingWebhook).WithName("PingWebhook")
            .WithSummary("Queue a ping delivery (one event of type ping) behind the subscription's other deliveries");
        return group;
    }

    /// <remarks>
    /// `feed` must be the caller's: `engine` for an engine's key, `organisation` for a rights holder's. The target is checked now
    /// (https, public address) and again at every connection. An engine or organisation holds at most
    /// `Webhooks:MaxSubscriptionsPerOwner` subscriptions (default 10): 409 beyond, until one is deleted.
    /// </remarks>
    public static async Task<Results<Created<WebhookContract>, ProblemHttpResult>> CreateWebhook(
        CreateWebhookRequest body, HttpContext http, WebhooksStore store, TargetPolicy targets, WebhookSettings settings, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var (feed, owner) = FeedOf(Caller.From(http.User));
        if (body.Feed != feed) return Problems.Validation("feed", $"This key subscribes to its {feed} feed: send \"feed\": \"{feed}\".");
        if (await targets.RefusalAsync(body.Url!, cancellationToken) is { } refusal) return Problems.Validation("url", refusal);
        var created = await store.InsertAsync(new SubscriptionRow
        {
            Id = Ids.New("whk"), Feed = feed, Owner = owner, Url = body.Url!,
                Description = string.IsNullOrWhiteSpace(body.Description) ? null : body.Description.Trim(),
            Secret = WebhookSignature.NewSecret(), CreatedAt = time.GetUtcNow(),
        }, Caller.From(http.User).KeyId, settings.MaxSubscriptionsPerOwner, cancellationToken);
        if (created is null)
        {
            return Problems.Conflict($"The {feed} '{owner}' already has {settings.MaxSubscriptionsPerOwner} subscriptions, the most one owner may " +
                $"hold: " +
                "delete one (DELETE /v1/webhooks/{webhookId}) before adding another.");
        }
        return TypedResults.Created($"/v1/webhooks/{created.Id}", created.ToContract(withSecret: true));
    }

    /// <remarks>The subscriptions of the caller's engine or organisation, oldest first; secrets are never shown again.</remarks>
    /// <param name="limit">How many entries per page, 1 to 1,000 (default 100).</param>
    /// <param name="after">Cursor from the `next` of the previous page; omit for the first page.</param>
    public static async Task<Results<Ok<Page<WebhookContract>>, ProblemHttpResult>> ListWebhooks(
        Cursors cursors,
        int? limit, string? after, HttpContext http, WebhooksStore store, CancellationToken cancellationToken)
    {
        if (!cursors.TryReadNumeric(limit, after, out var take, out var afterSeq, out var problem)) return problem!;
        var (feed, owner) = FeedOf(Caller.From(http.User));
        var (rows, next) = await store.ListAsync(feed, owner, afterSeq, take, cancellationToken);
        return TypedResults.Ok(new Page<WebhookContract>(rows.Select(r => r.ToContract()).ToList(),
            next is null ? null : cursors.Encode(next.Value)));
    }

    /// <remarks>One subscription of the caller's engine or organisation; another's is not found (404).</remarks>
    /// <param name="webhookId">Id of one of your subscriptions (whk_…).</param>
    public static async Task<Results<Ok<WebhookContract>, ProblemHttpResult>> GetWebhook(
        [ParameterExample("whk_6f1c2b9a8d7e4f30a1b2c3d4e5f60718")] string webhookId, HttpContext http, WebhooksStore store,
            CancellationToken cancellationToken)
    {
        var (feed, owner) = FeedOf(Caller.From(http.User));
        return await store.GetAsync(webhookId, feed, owner, cancellationToken) is { } row ? TypedResults.Ok(row.ToContract()) : NotFound(webhookId);
    }

    /// <remarks>Stops the subscription: nothing more is sent, including deliveries still pending. Its deliveries stay readable until then.</remarks>
    /// <param name="webhookId">Id of one of your subscriptions (whk_…).</param>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteWebhook(
        [ParameterExample("whk_6f1c2b9a8d7e4f30a1b2c3d4e5f60718")] string webhookId, HttpContext http, WebhooksStore store, WebhookSender sender,
        CancellationToken cancellationToken)
    {
        var (feed, owner) = FeedOf(Caller.From(http.User));
        if (!await store.DeleteAsync(webhookId, feed, owner, cancellationToken)) return NotFound(webhookId);
        sender.Wake();
        return TypedResults.NoContent();
    }

    /// <remarks>
    /// Oldest first. A delivery is up to 100 feed events; it is retried on the schedule (default 5 s, 30 s, 2 min, 10 min, 1 h, 6 h) until a 2xx
    /// within `Webhooks:DeliveryTimeoutSeconds` (default 10 s), then failed.</remarks>
    /// <param name="webhookId">Id of one of your subscriptions (whk_…).</param>
    /// <param name="limit">How many entries per page, 1 to 1,000 (default 100).</param>
    /// <param name="after">Cursor from the `next` of the previous page; omit for the first page.</param>
    public static async Task<Results<Ok<Page<DeliveryContract>>, ProblemHttpResult>> ListDeliveries(
        Cursors cursors,
        [ParameterExample("whk_6f1c2b9a8d7e4f30a1b2c3d4e5f60718")] string webhookId, int? limit, string? after, HttpContext http, WebhooksStore store,
        CancellationToken cancellationToken)
    {
        if (!cursors.TryReadNumeric(limit, after, out var take, out var afterSeq, out var problem)) return problem!;
        var (feed, owner) = FeedOf(Caller.From(http.User));
        if (await store.GetAsync(webhookId, feed, owner, cancellationToken) is null) return NotFound(webhookId);
        var (rows, next) = await store.DeliveriesAsync(webhookId, afterSeq, take, cancellationToken);
        return TypedResults.Ok(new Page<DeliveryContract>(rows.Select(r => r.ToContract()).ToList(),
            next is null ? null : cursors.Encode(next.Value)));
    }

    /// <remarks>
    /// A subscription is disabled after 3 failed deliveries in a row. Enabled again, it sends the feed's events from where it stopped.</remarks>
    /// <param name="webhookId">Id of one of your subscriptions (whk_…).</param>
    public static async Task<Results<Ok<WebhookContract>, ProblemHttpResult>> EnableWebhook(
        [ParameterExample("whk_6f1c2b9a8d7e4f30a1b2c3d4e5f60718")] string webhookId, HttpContext http, WebhooksStore store, WebhookSender sender,
        CancellationToken cancellationToken)
    {
        var (feed, owner) = FeedOf(Caller.From(http.User));
        if (!await store.EnableAsync(webhookId, feed, owner, cancellationToken)) return NotFound(webhookId);
        sender.Wake();
        return TypedResults.Ok((await store.GetAsync(webhookId, feed, owner, cancellationToken))!.ToContract());
    }

    /// <remarks>Queues a delivery of one event of type ping, signed like the others, behind the subscription's pending deliveries.</remarks>
    /// <param name="webhookId">Id of one of your subscriptions (whk_…).</param>
    public static async Task<Results<Accepted<DeliveryContract>, ProblemHttpResult>> PingWebhook(
        [ParameterExample("whk_6f1c2b9a8d7e4f30a1b2c3d4e5f60718")] string webhookId, HttpContext http, WebhooksStore store, WebhookSender sender,
        TimeProvider time, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken cancellationToken)
    {
        var (feed, owner) = FeedOf(Caller.From(http.User));
        if (await store.GetAsync(webhookId, feed, owner, cancellationToken) is null) return NotFound(webhookId);
        var now = time.GetUtcNow();
        var id = Ids.New("msg");
        var body = JsonSerializer.Serialize(new { events = new[] { new { id = Ids.New("evt"), type = "ping", at = now } } },
            json.Value.SerializerOptions);
        await store.QueueAsync(webhookId, id, body, now, cancellationToken);
        sender.Wake();
        return TypedResults.Accepted($"/v1/webhooks/{webhookId}/deliveries", new DeliveryContract(id, DeliveryStatuses.Pending, 1, 0, null, null, now,
            now));
    }

    /// <summary>The feed a key subscribes to: its engine's, or its organisation's.</summary>
    private static (string Feed, string Owner) FeedOf(Caller caller) =>
        caller.Role == Roles.Engine ? (WebhookFeeds.Engine, caller.Engine!) : (WebhookFeeds.Organisation, caller.Organisation!);

    private static ProblemHttpResult NotFound(string id) => Problems.NotFound($"Webhook '{id}'");
}
