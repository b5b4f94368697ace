namespace Delisting.Api.Compliance;

/// <summary>How one engine carries out a ruling. On time: delisted before the item's deadline.</summary>
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
    double? MedianHoursToDelist);

public sealed record ComplianceContract(string RulingId, DateTimeOffset AsOf, IReadOnlyDictionary<string, EngineCompliance> Engines);
