namespace Delisting.Api.Compliance;

/// <summary>How one engine carries out a ruling. On time: delisted before the item's deadline.</summary>
/// <param name="RejectedBy">The rejected items by reason code, every code listed (not-found, not-in-index, not-covered,
/// lawful-content, duplicate, other).</param>
/// <param name="Withdrawn">Items whose last claim ended before the engine delisted them.</param>
/// <param name="RelistPending">Items whose last claim ended after the engine delisted them: the engine must put them back.</param>
/// <param name="Relisted">Items the engine reports it put back.</param>
/// <param name="MedianHoursToRelist">From the end of the last claim to the engine's relisting report, over the relisted items.</param>
public sealed record EngineCompliance(
    long Total,
    long Pending,
    long Acknowledged,
    long Delisted,
    long Rejected,
    long Overdue,
    long DelistedOnTime,
    long DelistedLate,
    double? MedianHoursToDelist,
    IReadOnlyDictionary<string, long> RejectedBy,
    long Withdrawn,
    long RelistPending,
    long Relisted,
    double? MedianHoursToRelist);

public sealed record ComplianceContract(string RulingId, DateTimeOffset AsOf, IReadOnlyDictionary<string, EngineCompliance> Engines);
