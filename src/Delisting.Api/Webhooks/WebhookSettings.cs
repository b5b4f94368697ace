namespace Delisting.Api.Webhooks;

/// <summary>The `Webhooks:` settings the sender and the subscriptions read (see the README's limits).</summary>
public sealed class WebhookSettings(IConfiguration configuration)
{
    private static readonly TimeSpan[] DefaultSchedule =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2),
        TimeSpan.FromMinutes(10), TimeSpan.FromHours(1), TimeSpan.FromHours(6),
    ];

    /// <summary>`Webhooks:RetrySchedule`: the wait before each retry of a failed attempt; when it runs out, the delivery failed.</summary>
    public IReadOnlyList<TimeSpan> RetrySchedule =>
        configuration.GetSection("Webhooks:RetrySchedule").Get<TimeSpan[]>() is { Length: > 0 } schedule ? schedule : DefaultSchedule;

    /// <summary>
    /// `Webhooks:DeliveryTimeoutSeconds` (default 10): an attempt without an answer by then failed. Measured on the service's clock.
    /// </summary>
    public TimeSpan DeliveryTimeout => TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Webhooks:DeliveryTimeoutSeconds", 10)));

    /// <summary>`Webhooks:MaxConcurrentDeliveries` (default 32): attempts in flight at once on this instance, all subscriptions together.</summary>
    public int MaxConcurrentDeliveries => Math.Max(1, configuration.GetValue("Webhooks:MaxConcurrentDeliveries", 32));

    /// <summary>
    /// `Webhooks:MaxConcurrentDeliveriesPerOwner` (default 4): attempts in flight at once for one engine or organisation, so that one
    /// owner's slow receivers hold only their share of the slots.
    /// </summary>
    public int MaxConcurrentDeliveriesPerOwner => Math.Max(1, configuration.GetValue("Webhooks:MaxConcurrentDeliveriesPerOwner", 4));

    /// <summary>`Webhooks:MaxSubscriptionsPerOwner` (default 10): subscriptions (not deleted) one engine or organisation may hold.</summary>
    public int MaxSubscriptionsPerOwner => Math.Max(1, configuration.GetValue("Webhooks:MaxSubscriptionsPerOwner", 10));

    /// <summary>How long a sender holds a delivery: longer than an attempt, short enough to retry soon after a crash.</summary>
    public TimeSpan Lease => DeliveryTimeout + TimeSpan.FromSeconds(5);
}
