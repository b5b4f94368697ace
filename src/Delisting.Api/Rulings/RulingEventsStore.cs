using Delisting.Api.Data;
using Delisting.Api.Http;

namespace Delisting.Api.Rulings;

/// <summary>A change of a ruling as its history records it: who did what, when, about which extension or report.</summary>
/// <param name="Id">Opaque id of the event (evt_…).</param>
/// <param name="Type">extended: an extension added sites; mirror-reported: a plaintiff reported a mirror; mirror-dismissed: an admin
/// dismissed a report; withdrawn: an admin ended every claim on URLs (or protected their host); protected-host-override: a court
/// allowed a site on a protected host.</param>
/// <param name="At">When it happened (UTC).</param>
/// <param name="Actor">Who did it.</param>
/// <param name="ExtensionId">The extension concerned, or null.</param>
/// <param name="MirrorReportId">The mirror report concerned, or null.</param>
/// <param name="Reason">The reason given (a dismissal's, a withdrawal's, the words of an override), or null.</param>
/// <param name="Site">The site concerned (of an override), or null.</param>
/// <example>{ "id": "evt_7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d", "type": "mirror-reported", "at": "2026-11-29T09:00:00Z", "actor": {
/// "keyId": "key_demo_apc", "role": "rights-holder" }, "extensionId": null, "mirrorReportId": "mir_1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d", "reason": null,
/// "site": null }</example>
public sealed record RulingEventContract(
    string Id,
    [property: Http.Vocabulary(typeof(RulingEventTypes))] string Type,
    DateTimeOffset At,
    ActorContract Actor,
    string? ExtensionId,
    string? MirrorReportId,
    string? Reason,
    string? Site);

/// <summary>The ruling's own append-only history (extensions, mirror reports and their decisions, admin withdrawals).</summary>
public sealed class RulingEventsStore(Database database)
{
    private const string SelectPage = """
        SELECT seq, id, type, at, key_id, role, extension_id, mirror_report_id, reason, site
        FROM ruling_events WHERE ruling_id = @RulingId AND seq > @After
        ORDER BY seq
        """;

    public const string InsertEvent = """
        INSERT INTO ruling_events (id, ruling_id, type, at, key_id, role, extension_id, mirror_report_id, reason, site)
        VALUES (@Id, @RulingId, @Type, @At, @KeyId, @Role, @ExtensionId, @MirrorReportId, @Reason, @Site)
        """;

    /// <summary>Appends an event to the ruling's history inside the caller's write session (the change it records).</summary>
    public static Task AppendAsync(DbSession session, object @event) => session.ExecuteAsync(InsertEvent, @event);

    /// <summary>The parameters of one ruling event; ids are opaque (evt_…).</summary>
    public static object Event(string rulingId, string type, DateTimeOffset at, Caller caller, string? extensionId, string? mirrorReportId,
        string? reason,
        string? site = null) => new
    {
        Id = Ids.New("evt"), RulingId = rulingId, Type = type, At = at, caller.KeyId, caller.Role,
        ExtensionId = extensionId, MirrorReportId = mirrorReportId, Reason = reason, Site = site,
    };

    /// <summary>The override events of the sites that carry one, added by <paramref name="extensionId"/> (null: the ruling itself).</summary>
    public static IEnumerable<object> OverrideEvents(string rulingId, IEnumerable<Domain.SiteWindow> sites, string? extensionId, DateTimeOffset at,
        Caller caller) =>
        sites.Where(s => s.ProtectedHostOverride is not null).Select(s =>
            Event(rulingId, RulingEventTypes.ProtectedHostOverride, at, caller, extensionId, null, s.ProtectedHostOverride, s.Domain));

    public async Task<(IReadOnlyList<RulingEventContract> Events, long? Next)> ListAsync(string rulingId, long after, int limit,
        CancellationToken cancellationToken)
    {
        await using var session = await database.OpenAsync(cancellationToken);
        var (rows, more) = await session.QueryPageAsync<EventRow>(SelectPage, new { RulingId = rulingId, After = after }, limit);
        return (rows.Select(r => new RulingEventContract(r.Id, r.Type, r.At, new ActorContract(r.KeyId, r.Role), r.ExtensionId, r.MirrorReportId,
            r.Reason, r.Site))
            .ToList(), more ? rows[^1].Seq : null);
    }

    private sealed class EventRow
    {
        public long Seq { get; init; }
        public string Id { get; init; } = "";
        public string Type { get; init; } = "";
        public DateTimeOffset At { get; init; }
        public string KeyId { get; init; } = "";
        public string Role { get; init; } = "";
        public string? ExtensionId { get; init; }
        public string? MirrorReportId { get; init; }
        public string? Reason { get; init; }
        public string? Site { get; init; }
    }
}
