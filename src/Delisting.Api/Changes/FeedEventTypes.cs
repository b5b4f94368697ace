namespace Delisting.Api.Changes;

/// <summary>The event types of the two feeds.</summary>
public static class FeedEventTypes
{
    public const string ItemCreated = "item-created", ItemReopened = "item-reopened", ItemWithdrawn = "item-withdrawn",
        RelistRequested = "relist-requested", RulingExtended = "ruling-extended", StatusChanged = "status-changed",
        MirrorReportDecided = "mirror-report-decided", RulingLapsing = "ruling-lapsing";

    /// <summary><see cref="ForMove"/> in SQL, over the to_status of `m` (a claim move).</summary>
    public const string ForMoveSql = $"CASE m.to_status WHEN '{Domain.ItemStatus.Withdrawn}' THEN '{ItemWithdrawn}' " +
        $"WHEN '{Domain.ItemStatus.RelistPending}' THEN '{RelistRequested}' WHEN '{Domain.ItemStatus.Pending}' THEN '{ItemReopened}' END";

    /// <summary>What an engine's feed carries: work to do, work withdrawn, relisting to do, sites added, an order about to end.</summary>
    public static readonly IReadOnlyList<string> Engine = [ItemCreated, ItemReopened, ItemWithdrawn, RelistRequested, RulingExtended, RulingLapsing];

    /// <summary>
    /// What an organisation's feed carries: every engine report on its URLs, decisions on its mirror reports, an order about to end.</summary>
    public static readonly IReadOnlyList<string> Organisation = [StatusChanged, MirrorReportDecided, RulingLapsing];

    public static readonly IReadOnlyList<string> All = [.. Engine, .. Organisation.Except(Engine)];

    /// <summary>The engine feed's event for an item that a claim (or a late report) moved to <paramref name="status"/>.</summary>
    public static string ForMove(string status) => status switch
    {
        Domain.ItemStatus.Withdrawn => ItemWithdrawn,
        Domain.ItemStatus.RelistPending => RelistRequested,
        Domain.ItemStatus.Pending => ItemReopened,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "No claim moves an item there."),
    };
}
