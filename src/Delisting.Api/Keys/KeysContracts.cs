namespace Delisting.Api.Keys;

/// <summary>Body of POST /v1/api-keys: `organisation` for a rights holder, `engine` for an engine liaison, neither for an admin.</summary>
public sealed record CreateApiKeyRequest(string? Role, string? Organisation, string? Engine, string? Label);

/// <summary>An API key as listed: never the secret.</summary>
public sealed record ApiKeyContract(string Id, string Role, string? Organisation, string? Engine, string? Label,
    DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>The one response that carries the key in clear. Store it now: it cannot be shown again.</summary>
public sealed record CreatedApiKeyContract(string Id, string Key, string Role, string? Organisation, string? Engine, string? Label,
    DateTimeOffset CreatedAt);
