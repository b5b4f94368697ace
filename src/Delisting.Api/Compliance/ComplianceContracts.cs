namespace Delisting.Api.Compliance;

/// <summary>How one engine carries out a ruling, as of now.</summary>
/// <param name="Total">All items of the engine under the ruling.</param>
/// <param name="Pending">Items the engine has not acted on yet.</param>
/// <param name="Acknowledged">Items acknowledged but not yet delisted or rejected.</param>
/// <param name="Delisted">Items whose status is delisted.</param>
/// <param name="Rejected">Items the engine refused to delist.</param>
/// <param name="Overdue">Pending or acknowledged items past their deadline while the order binds.</param>
/// <param name="Lapsed">Pending or acknowledged items still open when the order ended for their site.</param>
/// <param name="DelistedOnTime">
/// Items whose latest delisting report came at or before the deadline in force when it was made, including items withdrawn or relisted since (a
/// reopened item counts again once delisted again).</param>
/// <param name="DelistedLate">Items whose latest delisting report came after that deadline, counted the same way.</param>
/// <param name="MedianHoursToDelist">
/// Median hours from the URL's first submission to that delisting report, over the items on time or late; null when there are none.</param>
/// <param name="RejectedBy">
/// The rejected items by reason code, every code listed (not-found, not-in-index, not-covered, lawful-content, duplicate, other).</param>
/// <param name="Withdrawn">Items whose last claim ended before the engine delisted them.</param>
/// <param name="RelistPending">Items whose last claim ended after the engine delisted them: the engine must put them back.</param>
/// <param name="Relisted">Items the engine reports it put back.</param>
/// <param name="MedianHoursToRelist">
/// Median hours from the end of the last claim to the engine's relisting report, over the relisted items; null when none.</param>
/// <param name="MedianMinutesToDelist">
/// Median minutes (one decimal) from submission to delisting over the delisted items, the measure of urgent orders; null when none is
/// delisted.</param>
/// <example>{ "total": 120, "pending": 10, "acknowledged": 5, "delisted": 100, "rejected": 5, "overdue": 2, "lapsed": 0, "delistedOnTime": 96,
/// "delistedLate": 4, "medianHoursToDelist": 30.5, "rejectedBy": { "not-found": 2, "not-in-index": 1, "not-covered": 0, "lawful-content": 0,
/// "duplicate": 2, "other": 0 }, "withdrawn": 0, "relistPending": 0, "relisted": 0, "medianHoursToRelist": null,
/// "medianMinutesToDelist": 1830 }</example>
public sealed record EngineCompliance(
    long Total,
    long Pending,
    long Acknowledged,
    long Delisted,
    long Rejected,
    long Overdue,
    long Lapsed,
    long DelistedOnTime,
    long DelistedLate,
    double? MedianHoursToDelist,
    IReadOnlyDictionary<string, long> RejectedBy,
    long Withdrawn,
    long RelistPending,
    long Relisted,
    double? MedianHoursToRelist,
    double? MedianMinutesToDelist);

/// <summary>Compliance with a ruling, per engine it binds.</summary>
/// <param name="RulingId">The ruling.</param>
/// <param name="AsOf">The instant the figures were computed for (UTC); overdue counts depend on it.</param>
/// <param name="Engines">Per engine id of the ruling: its figures.</param>
/// <example>{ "rulingId": "demo-ruling-in-force", "asOf": "2026-11-29T09:00:00Z", "engines": { "google": { "total": 2, "pending": 1,
/// "acknowledged": 0, "delisted": 1, "rejected": 0, "overdue": 0, "lapsed": 0, "delistedOnTime": 1, "delistedLate": 0, "medianHoursToDelist": 26,
/// "rejectedBy": { "not-found": 0, "not-in-index": 0, "not-covered": 0, "lawful-content": 0, "duplicate": 0, "other": 0 }, "withdrawn": 0,
/// "relistPending": 0, "relisted": 0, "medianHoursToRelist": null, "medianMinutesToDelist": 1560 } } }</example>
public sealed record ComplianceContract(string RulingId, DateTimeOffset AsOf, IReadOnlyDictionary<string, EngineCompliance> Engines);
