using Delisting.Api.Domain;
using Delisting.Api.Http;
using Delisting.Api.Engines;

namespace Delisting.Api.Compliance;

/// <summary>
/// One item of a ruling as it stood at the export's instant: one row of the compliance export. Instants are UTC.
/// </summary>
/// <param name="Url">The URL, normalized as accepted.</param>
/// <param name="Site">The ordered site (domain) the URL matched.</param>
/// <param name="NoticeId">The URL's notice under the ruling.</param>
/// <param name="ItemId">The item: the notice for one engine.</param>
/// <param name="Engine">The engine the item binds.</param>
/// <param name="FirstSubmittedAt">When the URL was first submitted under the ruling.</param>
/// <param name="Claimants">The organisations whose claim on the URL was running at the instant, in order.</param>
/// <param name="Deadline">The deadline in force at the instant (a resubmission after a withdrawal sets a new one).</param>
/// <param name="ObligationEndsAt">When the order stops binding the URL's site; null for notices stored before it was recorded.</param>
/// <param name="Status">The item's status at the instant.</param>
/// <param name="Timeliness">
/// on-time or late (the standing delisting report came at or before the deadline, or after it; kept after a withdrawal or relisting); overdue or
/// lapsed (still open past the deadline, or when the order ended); not-yet-due (open, deadline ahead); null for rejected and withdrawn items.</param>
/// <param name="DelistedAt">When the engine reported the URL delisted, in the current claim (since the last resubmission).</param>
/// <param name="ReasonCode">The rejection vocabulary's code of the engine's last report in the current claim.</param>
/// <param name="Reason">The engine's text with that report.</param>
/// <param name="EngineReference">The engine's own reference for the item, as last reported.</param>
/// <param name="WithdrawnAt">When the last claim on the URL ended, in the current claim.</param>
/// <param name="RelistedAt">When the engine reported the URL put back, in the current claim.</param>
public sealed record ExportRow(
    string Url,
    string Site,
    string NoticeId,
    string ItemId,
    string Engine,
    DateTimeOffset FirstSubmittedAt,
    IReadOnlyList<string> Claimants,
    DateTimeOffset Deadline,
    DateTimeOffset? ObligationEndsAt,
    string Status,
    string? Timeliness,
    DateTimeOffset? DelistedAt,
    string? ReasonCode,
    string? Reason,
    string? EngineReference,
    DateTimeOffset? WithdrawnAt,
    DateTimeOffset? RelistedAt)
{
    /// <summary>The column names, in order: the CSV header row and the JSON property names.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "url", "site", "noticeId", "itemId", "engine", "firstSubmittedAt", "claimants", "deadline", "obligationEndsAt", "status",
        "timeliness", "delistedAt", "reasonCode", "reason", "engineReference", "withdrawnAt", "relistedAt",
    ];
}

/// <summary>Folds an item's history up to an instant into its export row: one rule for every row of every export.</summary>
public static class ExportRows
{
    /// <summary>The page's rows: notices in the page's order, then engines in ordinal order.</summary>
    public static IEnumerable<ExportRow> Of(ExportPage page, DateTimeOffset asOf)
    {
        foreach (var notice in page.Notices)
        {
            var claimants = page.Claims[notice.Seq].Select(c => c.OrganisationId).Order(StringComparer.Ordinal).ToArray();
            var deadline = DeadlineAt(notice, page.Deadlines[notice.Seq], asOf);
            var history = page.History[notice.Seq].ToLookup(h => h.EngineId, StringComparer.Ordinal);
            foreach (var engine in page.Engines[notice.Seq].Order(StringComparer.Ordinal))
            {
                yield return Fold(notice, engine, claimants, deadline, history[engine], asOf);
            }
        }
    }

    /// <summary>The last deadline set by <paramref name="asOf"/>; before any reset, the first one's previous; never reset, the notice's.</summary>
    public static DateTimeOffset DeadlineAt(ExportNotice notice, IEnumerable<DeadlineRow> resets, DateTimeOffset asOf)
    {
        DeadlineRow? first = null, last = null;
        foreach (var reset in resets)
        {
            first ??= reset;
            if (reset.At <= asOf) last = reset;
        }
        return last?.Deadline ?? first?.PreviousDeadline ?? notice.Deadline;
    }

    private static ExportRow Fold(ExportNotice notice, string engine, string[] claimants, DateTimeOffset deadline, IEnumerable<HistoryRow> history,
        DateTimeOffset asOf)
    {
        var status = ItemStatus.Pending;
        string? reasonCode = null, reason = null, engineReference = null;
        DateTimeOffset? delistedAt = null, withdrawnAt = null, relistedAt = null;
        foreach (var change in history)
        {
            status = change.ToStatus;
            if (change.Role == Roles.Engine)
            {
                // A report: what the engine said stays with the item until the URL is claimed again.
                reasonCode = change.ReasonCode;
                reason = change.Reason;
                engineReference = change.EngineReference ?? engineReference;
                if (change.ToStatus is ItemStatus.Delisted or ItemStatus.RelistPending) delistedAt = change.At;
                if (change.ToStatus == ItemStatus.Relisted) relistedAt = change.At;
            }
            else if (change.ToStatus == ItemStatus.Pending)
            {
                // Claimed again: the item starts over under the new deadline.
                reasonCode = reason = null;
                delistedAt = withdrawnAt = relistedAt = null;
            }
            else
            {
                withdrawnAt = change.At;
            }
        }
        return new ExportRow(notice.Url, notice.Site, notice.Id, ItemIds.Of(notice.Id, engine), engine, notice.CreatedAt, claimants, deadline,
            notice.ObligationEndsAt, status, Timeliness.Of(status, delistedAt, deadline, notice.ObligationEndsAt, asOf), delistedAt, reasonCode,
                reason,
            engineReference, withdrawnAt, relistedAt);
    }
}
