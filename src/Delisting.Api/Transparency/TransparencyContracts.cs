using Delisting.Api.Rulings;

namespace Delisting.Api.Transparency;

/// <summary>How one engine carries out a ruling, in figures anyone may read.</summary>
/// <param name="Delisted">URLs the engine delisted (on time or late).</param>
/// <param name="Rejected">URLs the engine refused to delist.</param>
/// <param name="RejectedBy">The refusals by reason code, every code listed (not-found, not-in-index, not-covered, lawful-content,
/// duplicate, other).</param>
/// <param name="Pending">URLs the engine has not decided on yet (pending or acknowledged), lapsed ones included.</param>
/// <param name="Overdue">Undecided URLs (and URLs to put back) past their deadline while the order binds, as compliance counts them.</param>
/// <param name="Withdrawn">URLs no plaintiff claims any more (withdrawn before or after the engine acted).</param>
/// <param name="MedianHoursToDelist">Median hours from the URL's first request to its delisting, over the delisted URLs; null when none.</param>
/// <example>{ "delisted": 100, "rejected": 5, "rejectedBy": { "not-found": 2, "not-in-index": 1, "not-covered": 0, "lawful-content": 0, "duplicate":
/// 2, "other": 0 }, "pending": 15, "overdue": 2, "withdrawn": 3, "medianHoursToDelist": 30.5 }</example>
public sealed record PublicEngineFigures(
    long Delisted,
    long Rejected,
    IReadOnlyDictionary<string, long> RejectedBy,
    long Pending,
    long Overdue,
    long Withdrawn,
    double? MedianHoursToDelist)
{
    public static PublicEngineFigures From(EngineTally tally) => new(tally.Delisted, tally.Rejected, tally.RejectedBy, tally.Waiting,
        tally.Overdue, tally.Withdrawn, tally.MedianHoursToDelist);
}

/// <summary>A ruling and how the engines carry it out: aggregates only, no URL, request, organisation's claim or key.</summary>
/// <param name="RulingId">Id (slug) of the ruling.</param>
/// <param name="Court">The court that decided.</param>
/// <param name="CaseReference">The court's reference of the case.</param>
/// <param name="DecidedOn">Date of the decision (in the ruling's time zone).</param>
/// <param name="InForceUntil">Last day of the order (in the ruling's time zone).</param>
/// <param name="InForce">Whether at least one of its sites is in force today.</param>
/// <param name="Plaintiffs">Ids of the plaintiff organisations, as the ruling names them.</param>
/// <param name="Engines">Ids of the search engines the ruling binds.</param>
/// <param name="Sites">How many sites the ruling lists (extensions included).</param>
/// <param name="UrlsRequested">Distinct URLs requested under the ruling.</param>
/// <param name="PerEngine">Per engine id of the ruling: its figures.</param>
/// <example>{ "rulingId": "tgi-paris-2013-11-28-allostreaming", "court": "Tribunal de grande instance de Paris", "caseReference": "RG 11/60013",
/// "decidedOn": "2013-11-28", "inForceUntil": "2014-12-13", "inForce": false, "plaintiffs": ["apc", "fndf"], "engines": ["google"], "sites": 16,
/// "urlsRequested": 120, "perEngine": { "google": { "delisted": 100, "rejected": 5, "rejectedBy": { "not-found": 2, "not-in-index": 1, "not-covered":
/// 0, "lawful-content": 0, "duplicate": 2, "other": 0 }, "pending": 15, "overdue": 2, "withdrawn": 0, "medianHoursToDelist": 30.5 } } }</example>
public sealed record PublicRulingFigures(
    string RulingId,
    string Court,
    string CaseReference,
    DateOnly DecidedOn,
    DateOnly InForceUntil,
    bool InForce,
    IReadOnlyList<string> Plaintiffs,
    IReadOnlyList<string> Engines,
    long Sites,
    long UrlsRequested,
    IReadOnlyDictionary<string, PublicEngineFigures> PerEngine)
{
    public static PublicRulingFigures From(Ruling ruling, RulingFigures figures) => new(ruling.Id, ruling.Court, ruling.CaseReference,
        ruling.DecidedOn, ruling.InForceUntil, ruling.InForce(figures.AsOf), ruling.Plaintiffs, ruling.Engines, ruling.Sites.Count,
        figures.UrlsRequested, figures.PerEngine.ToDictionary(e => e.Key, e => PublicEngineFigures.From(e.Value), StringComparer.Ordinal));
}

/// <summary>What became of one engine's URLs first requested in one month.</summary>
/// <param name="UrlsRequested">URLs first requested in the month (each is an item of this engine).</param>
/// <param name="Delisted">Of those, URLs the engine has delisted.</param>
/// <param name="Rejected">Of those, URLs the engine refused to delist.</param>
/// <param name="Withdrawn">Of those, URLs no plaintiff claims any more.</param>
/// <param name="MedianHoursToDelist">Median hours from first request to delisting over the delisted ones; null when none.</param>
/// <example>{ "urlsRequested": 40, "delisted": 35, "rejected": 2, "withdrawn": 1, "medianHoursToDelist": 26 }</example>
public sealed record PublicMonthFigures(long UrlsRequested, long Delisted, long Rejected, long Withdrawn, double? MedianHoursToDelist)
{
    public static readonly PublicMonthFigures None = new(0, 0, 0, 0, null);

    public static PublicMonthFigures From(EngineTally tally) =>
        new(tally.Items, tally.Delisted, tally.Rejected, tally.Withdrawn, tally.MedianHoursToDelist);
}

/// <summary>One calendar month of a ruling, per engine.</summary>
/// <param name="Month">The month, YYYY-MM, in the ruling's time zone.</param>
/// <param name="PerEngine">Per engine id of the ruling: the URLs first requested in the month and what became of them.</param>
/// <example>{ "month": "2026-11", "perEngine": { "google": { "urlsRequested": 40, "delisted": 35, "rejected": 2, "withdrawn": 1,
/// "medianHoursToDelist": 26 } } }</example>
public sealed record PublicMonth(string Month, IReadOnlyDictionary<string, PublicMonthFigures> PerEngine);

/// <summary>A ruling's figures per calendar month, from the month it took effect to this month (or the end of the order).</summary>
/// <param name="RulingId">Id (slug) of the ruling.</param>
/// <param name="TimeZone">The ruling's time zone: months are calendar months there.</param>
/// <param name="AsOf">The instant the figures were computed (an answer may be served from cache for up to 60 seconds).</param>
/// <param name="Months">Every month, oldest first, months without requests included.</param>
/// <example>{ "rulingId": "tgi-paris-2013-11-28-allostreaming", "timeZone": "Europe/Paris", "asOf": "2026-11-29T09:00:00Z", "months": [ { "month":
/// "2026-11", "perEngine": { "google": { "urlsRequested": 40, "delisted": 35, "rejected": 2, "withdrawn": 1, "medianHoursToDelist": 26 } } } ]
/// }</example>
public sealed record PublicRulingMonths(string RulingId, string TimeZone, DateTimeOffset AsOf, IReadOnlyList<PublicMonth> Months)
{
    public static PublicRulingMonths From(Ruling ruling, RulingFigures figures) => new(ruling.Id, ruling.TimeZone, figures.AsOf,
        MonthsOf(ruling, figures).Select(month => new PublicMonth(month.ToString(), ruling.Engines.Order(StringComparer.Ordinal).ToDictionary(
            e => e, e => figures.PerMonth.TryGetValue(month, out var engines) && engines.TryGetValue(e, out var tally)
                ? PublicMonthFigures.From(tally) : PublicMonthFigures.None, StringComparer.Ordinal))).ToList());

    /// <summary>From the month the ruling took effect through this month, or the month its last site window ends if earlier.</summary>
    public static IReadOnlyList<Month> MonthsOf(Ruling ruling, RulingFigures figures)
    {
        var lastDay = ruling.Sites.Count == 0 ? ruling.InForceUntil : ruling.Sites.Max(s => s.InForceUntil);
        var today = ruling.Today(figures.AsOf);
        var last = Month.Of(lastDay < today ? lastDay : today);
        return figures.Months(Month.Of(ruling.StartsOn), last);
    }
}
