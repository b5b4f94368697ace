using System.ComponentModel.DataAnnotations;
using Delisting.Api.Http;

namespace Delisting.Api.Keys;

/// <summary>Body of POST /v1/api-keys: `organisation` for a rights holder, `engine` for an engine liaison, neither for an admin.</summary>
/// <param name="Role">What the key may do.</param>
/// <param name="Organisation">
/// The organisation a rights-holder key acts for (required with rights-holder, refused otherwise; see GET /v1/organisations).</param>
/// <param name="Engine">The engine an engine key reports for (required with engine, refused otherwise; see GET /v1/engines).</param>
/// <param name="Label">What the key is for, for people reading the key list; at most 200 characters.</param>
/// <example>{ "role": "rights-holder", "organisation": "apc", "label": "APC crawler" }</example>
public sealed record CreateApiKeyRequest(
    [property: Required, Vocabulary(typeof(Roles))] string? Role,
    string? Organisation,
    string? Engine,
    string? Label);

/// <summary>An API key as listed: never the secret.</summary>
/// <param name="Id">Opaque id of the key (key_…); use it to revoke the key.</param>
/// <param name="Role">What the key may do.</param>
/// <param name="Organisation">The organisation of a rights-holder key, else null.</param>
/// <param name="Engine">The engine of an engine key, else null.</param>
/// <param name="Label">What the key is for, or null.</param>
/// <param name="CreatedAt">When the key was created (UTC).</param>
/// <param name="RevokedAt">When the key was revoked (UTC), or null while it works.</param>
/// <example>{ "id": "key_7d2c9e4b1a3f5d6e8c0b2a4f6e8d0c1b", "role": "rights-holder", "organisation": "apc", "engine": null, "label": "APC crawler",
/// "createdAt": "2026-11-29T09:00:00Z", "revokedAt": null }</example>
public sealed record ApiKeyContract(string Id, [property: Vocabulary(typeof(Roles))] string Role, string? Organisation, string? Engine, string? Label,
    DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>The one response that carries the key in clear. Store it now: it cannot be shown again.</summary>
/// <param name="Id">Opaque id of the key (key_…); use it to revoke the key.</param>
/// <param name="Key">The secret to send in the X-Api-Key header. Only its hash is stored: this is the only time it is shown.</param>
/// <param name="Role">What the key may do.</param>
/// <param name="Organisation">The organisation of a rights-holder key, else null.</param>
/// <param name="Engine">The engine of an engine key, else null.</param>
/// <param name="Label">What the key is for, or null.</param>
/// <param name="CreatedAt">When the key was created (UTC).</param>
/// <example>{ "id": "key_7d2c9e4b1a3f5d6e8c0b2a4f6e8d0c1b", "key": "dlk_q3N0aGlzLWlzLWFuLWV4YW1wbGUta2V5LW9ubHkh", "role": "rights-holder",
/// "organisation": "apc", "engine": null, "label": "APC crawler", "createdAt": "2026-11-29T09:00:00Z" }</example>
public sealed record CreatedApiKeyContract(string Id, string Key, [property: Vocabulary(typeof(Roles))] string Role, string? Organisation,
    string? Engine, string? Label,
    DateTimeOffset CreatedAt);
