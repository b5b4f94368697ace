using System.Text.Json.Serialization;

namespace Delisting.Api.Transparency;

/// <summary>
/// The body of Lumen's notice submission (`POST https://lumendatabase.org/notices`, JSON): the notice under `notice`.
/// The sender adds its own Lumen token (`authentication_token` beside `notice`, or the `X-Authentication-Token` header).
/// </summary>
/// <param name="Notice">The court-order notice.</param>
/// <example>{ "notice": { "type": "CourtOrder", "title":
/// "Court order RG 26/00001 of Tribunal judiciaire de Paris (2026-11-19): delisting by search engines", "subject":
/// "Delisting of the sites of a court order from search results", "body": "…", "date_sent": "2026-11-19", "date_received": "2026-11-22", "source":
/// "Delisting API", "language": "en", "jurisdiction_list": "FR", "action_taken": "Partial", "tag_list": "court order, delisting, search engines",
/// "entity_notice_roles_attributes": [ { "name": "issuing_court", "entity_attributes": { "name": "Tribunal judiciaire de Paris", "kind":
/// "organization", "country_code": "FR" } }, { "name": "recipient", "entity_attributes": { "name": "Google", "kind": "organization", "country_code":
/// null } } ], "works_attributes": [ { "description": "allostreaming.com (Allostreaming): a site on the ordered list", "infringing_urls_attributes":
/// [ { "url": "https://www.allostreaming.com/film/123" } ] } ] } }</example>
public sealed record LumenSubmission([property: JsonPropertyName("notice")] LumenNotice Notice);

/// <summary>A Lumen notice of type CourtOrder, with Lumen's own field names (its notices controller's permitted parameters).</summary>
/// <param name="Type">Lumen's notice type: always `CourtOrder`.</param>
/// <param name="Title">The notice's title: the court, the case reference and the decision date.</param>
/// <param name="Subject">What the order is about.</param>
/// <param name="Body">The explanation of the order (Lumen shows a court order's body as its explanation): dates, engines, sites, URL counts.</param>
/// <param name="DateSent">Date of the decision (YYYY-MM-DD).</param>
/// <param name="DateReceived">Date the engines were served (the decision date when service is unknown).</param>
/// <param name="Source">How the notice reached Lumen.</param>
/// <param name="Language">Language of the notice's text (a Lumen language code).</param>
/// <param name="JurisdictionList">Countries of the order, comma separated (ISO 3166-1 alpha-2).</param>
/// <param name="ActionTaken">What the recipients did as of the instant asked for: Yes (every URL delisted by every engine),
/// Partial, No, or Unspecified (no URL).</param>
/// <param name="TagList">Lumen tags, comma separated.</param>
/// <param name="EntityNoticeRoles">The parties: the issuing court, the plaintiffs, the senders (plaintiffs that had URLs claimed
/// at the instant) and the engines as recipients.</param>
/// <param name="Works">One work per site of the ruling, with the URLs claimed on it at the instant as infringing URLs.</param>
public sealed record LumenNotice(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("body")] string Body,
    [property: JsonPropertyName("date_sent")] string DateSent,
    [property: JsonPropertyName("date_received")] string DateReceived,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("language")] string Language,
    [property: JsonPropertyName("jurisdiction_list")] string JurisdictionList,
    [property: JsonPropertyName("action_taken")] string ActionTaken,
    [property: JsonPropertyName("tag_list")] string TagList,
    [property: JsonPropertyName("entity_notice_roles_attributes")] IReadOnlyList<LumenEntityRole> EntityNoticeRoles,
    [property: JsonPropertyName("works_attributes")] IReadOnlyList<LumenWork> Works);

/// <summary>A party of the notice in one role.</summary>
/// <param name="Name">The role: issuing_court, plaintiff, sender or recipient.</param>
/// <param name="Entity">Who holds it.</param>
public sealed record LumenEntityRole(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("entity_attributes")] LumenEntity Entity);

/// <summary>A person or organisation as Lumen records it.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Kind">`organization` (Lumen's spelling) or `individual`.</param>
/// <param name="CountryCode">ISO 3166-1 alpha-2 country, or null when not known.</param>
public sealed record LumenEntity(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("country_code")] string? CountryCode);

/// <summary>A work of a court order: a site on the ordered list and the URLs on it the order targets.</summary>
/// <param name="Description">The site (domain, network, mirror of which site), as Lumen's subject of the court order.</param>
/// <param name="InfringingUrls">The URLs on the site claimed at the instant asked for (Lumen shows them as targeted URLs).</param>
public sealed record LumenWork(
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("infringing_urls_attributes")] IReadOnlyList<LumenUrl> InfringingUrls);

/// <summary>One URL.</summary>
/// <param name="Url">The URL, normalized as stored.</param>
public sealed record LumenUrl([property: JsonPropertyName("url")] string Url);
