using System.ComponentModel.DataAnnotations;
using Delisting.Api.Http;

namespace Delisting.Api.Webhooks;

/// <summary>Body of POST /v1/webhooks: where to push the caller's change feed.</summary>
/// <param name="Url">
/// The receiver: https (http only where the service allows it), a public address, at most 2,048 characters. Redirects are not followed.</param>
/// <param name="Feed">
/// `engine` for an engine's key, `organisation` for a rights holder's: the feed of the caller's own engine or organisation.</param>
/// <param name="Description">Optional, up to 1,000 characters.</param>
/// <example>{ "url": "https://hooks.example.org/delisting", "feed": "organisation", "description": "APC case desk" }</example>
public sealed record CreateWebhookRequest(
    [property: Required] string? Url,
    [property: Required, Vocabulary(typeof(WebhookFeeds))] string? Feed,
    string? Description);

/// <summary>A webhook subscription.</summary>
/// <param name="Id">Opaque id (whk_…).</param>
/// <param name="Feed">Which feed it receives: its engine's or its organisation's.</param>
/// <param name="Owner">The engine or organisation whose feed it receives.</param>
/// <param name="Url">The receiver.</param>
/// <param name="Description">As given, or null.</param>
/// <param name="Status">active; disabled after 3 failed deliveries in a row (POST …/enable resumes it where it stopped).</param>
/// <param name="CreatedAt">When it was created (UTC); it receives the feed's events from then on.</param>
/// <param name="Secret">`whsec_` + base64 of 32 random bytes: the key of the signatures. Only in the answer to its creation.</param>
public sealed record WebhookContract(
    string Id,
    [property: Vocabulary(typeof(WebhookFeeds))] string Feed,
    string Owner,
    string Url,
    string? Description,
    [property: Vocabulary(typeof(WebhookStatuses))] string Status,
    DateTimeOffset CreatedAt,
    string? Secret);

/// <summary>One delivery: up to 100 feed events posted together, retried on the schedule until a 2xx.</summary>
/// <param name="Id">The delivery's id, sent as the webhook-id header; the same on every retry.</param>
/// <param name="Status">pending (to be sent or retried), succeeded, or failed (the schedule ran out).</param>
/// <param name="Events">How many events it carries.</param>
/// <param name="Attempts">How many times it was sent.</param>
/// <param name="LastResponseStatus">The receiver's last HTTP status, or null (no answer: refused, timed out).</param>
/// <param name="LastError">What went wrong at the last attempt, or null.</param>
/// <param name="NextAttemptAt">When it is sent next (UTC), or null when it is done.</param>
/// <param name="CreatedAt">When it was cut from the feed (UTC).</param>
public sealed record DeliveryContract(
    string Id,
    [property: Vocabulary(typeof(DeliveryStatuses))] string Status,
    long Events,
    long Attempts,
    long? LastResponseStatus,
    string? LastError,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset CreatedAt);

public static class WebhookFeeds
{
    public const string Engine = "engine", Organisation = "organisation";
    public static readonly IReadOnlyList<string> All = [Engine, Organisation];
}

public static class WebhookStatuses
{
    public const string Active = "active", Disabled = "disabled";
    public static readonly IReadOnlyList<string> All = [Active, Disabled];
}

public static class DeliveryStatuses
{
    public const string Pending = "pending", Succeeded = "succeeded", Failed = "failed";
    public static readonly IReadOnlyList<string> All = [Pending, Succeeded, Failed];
}
