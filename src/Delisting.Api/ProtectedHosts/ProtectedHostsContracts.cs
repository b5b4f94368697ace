using System.ComponentModel.DataAnnotations;

namespace Delisting.Api.ProtectedHosts;

/// <summary>A protected host: no ruling site, extension site, mirror report or URL may hit it unless a court overrode it.</summary>
/// <param name="Id">Opaque id of the entry (ph_…).</param>
/// <param name="Host">The host, lowercase ASCII (IDNA) without a trailing dot.</param>
/// <param name="IncludeSubdomains">Whether every subdomain of the host is protected too.</param>
/// <param name="Reason">Why the host is protected.</param>
/// <param name="CreatedAt">When the entry was recorded (UTC).</param>
/// <param name="CreatedBy">Id of the admin key that recorded it; null for the entries of the service's seed list.</param>
/// <example>{ "id": "ph_3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f", "host": "drive.usercontent.google.com", "includeSubdomains": true,
/// "reason": "Google Drive's download host, serving files of millions of users; blocked by Italy's Piracy Shield in October 2024.",
/// "createdAt": "2026-11-29T09:00:00Z", "createdBy": null }</example>
public sealed record ProtectedHostContract(string Id, string Host, bool IncludeSubdomains, string Reason, DateTimeOffset CreatedAt,
    string? CreatedBy);

/// <summary>Body of POST /v1/protected-hosts.</summary>
/// <param name="Host">A host name, normalized like a site's domain (lowercase, IDNA, trailing dot removed); a public suffix such as
/// github.io is allowed here, a single label or an IP address is not.</param>
/// <param name="IncludeSubdomains">Protect every subdomain of the host too (default true).</param>
/// <param name="Reason">Why the host is protected, 1 to 1,000 characters.</param>
/// <param name="WithdrawOpenItems">In the same call, end every claim on the URLs whose host becomes protected, under every ruling, as
/// an admin withdrawal does (except on sites a court allowed on a protected host). Default false.</param>
/// <example>{ "host": "files.shared-platform.example", "includeSubdomains": true, "reason": "Shared file host used by millions of unrelated users.",
/// "withdrawOpenItems": false }</example>
public sealed record ProtectedHostBody([property: Required] string? Host, bool? IncludeSubdomains, [property: Required] string? Reason,
    bool? WithdrawOpenItems);

/// <summary>What a protected host's withdrawal came to (withdrawOpenItems).</summary>
/// <param name="Rulings">How many rulings had claimed URLs on the host.</param>
/// <param name="Urls">How many URLs (notices) lost their claims.</param>
/// <param name="Items">How many items moved (to withdrawn, or to relist-pending when the engine had delisted the URL).</param>
/// <example>{ "rulings": 2, "urls": 130, "items": 520 }</example>
public sealed record ProtectedHostWithdrawal(int Rulings, int Urls, int Items);

/// <summary>A protected host as recorded, with what its withdrawal came to when one was asked for.</summary>
/// <param name="Id">Opaque id of the entry (ph_…).</param>
/// <param name="Host">The host, lowercase ASCII (IDNA) without a trailing dot.</param>
/// <param name="IncludeSubdomains">Whether every subdomain of the host is protected too.</param>
/// <param name="Reason">Why the host is protected.</param>
/// <param name="CreatedAt">When the entry was recorded (UTC).</param>
/// <param name="CreatedBy">Id of the admin key that recorded it.</param>
/// <param name="Withdrawal">With withdrawOpenItems: the rulings, URLs and items the withdrawal reached; otherwise null.</param>
/// <example>{ "id": "ph_3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f", "host": "files.shared-platform.example", "includeSubdomains": true,
/// "reason": "Shared file host used by millions of unrelated users.", "createdAt": "2026-11-29T09:00:00Z", "createdBy": "key_demo_admin",
/// "withdrawal": null }</example>
public sealed record ProtectedHostCreated(string Id, string Host, bool IncludeSubdomains, string Reason, DateTimeOffset CreatedAt, string? CreatedBy,
    ProtectedHostWithdrawal? Withdrawal);
