namespace Delisting.Api.Rulings;

/// <summary>A site of a ruling with its own window: the original decision's sites have `addedBy: null` and the ruling's dates.</summary>
public sealed record SiteContract(
    string Domain,
    string? Network,
    string? MirrorOf,
    string? AddedBy,
    DateOnly InForceFrom,
    DateOnly InForceUntil,
    DateOnly? ServedOn,
    int ComplianceDays)
{
    public static SiteContract From(Domain.SiteWindow site) => new(site.Domain, site.Network, site.MirrorOf, site.AddedBy,
        site.InForceFrom, site.InForceUntil, site.ServedOn, site.ComplianceDays);
}

public sealed record RulingContract(
    string Id,
    string Court,
    string CaseReference,
    DateOnly DecidedOn,
    DateOnly? ServedOn,
    string TimeZone,
    int ComplianceDays,
    DateOnly InForceUntil,
    IReadOnlyList<string> Plaintiffs,
    IReadOnlyList<string> Engines,
    IReadOnlyList<SiteContract> Sites,
    bool InForce,
    string? Note)
{
    public static RulingContract From(Ruling ruling, DateTimeOffset now) => new(
        ruling.Id, ruling.Court, ruling.CaseReference, ruling.DecidedOn, ruling.ServedOn, ruling.TimeZone,
        ruling.ComplianceDays, ruling.InForceUntil, ruling.Plaintiffs, ruling.Engines,
        ruling.Sites.Select(SiteContract.From).ToList(), ruling.InForce(now), ruling.Note);
}

/// <summary>Body of POST /v1/rulings. Fields are nullable so that a missing one is a 422 naming it, not a 400.</summary>
public sealed record CreateRulingRequest(
    string? Id,
    string? Court,
    string? CaseReference,
    DateOnly? DecidedOn,
    DateOnly? ServedOn,
    string? TimeZone,
    int? ComplianceDays,
    DateOnly? InForceUntil,
    IReadOnlyList<string>? Plaintiffs,
    IReadOnlyList<string>? Engines,
    IReadOnlyList<SiteInput>? Sites,
    string? Note);

public sealed record SiteInput(string? Domain, string? Network);
