using Delisting.Api.Extensions;
using Delisting.Api.Http;
using Delisting.Api.Mirrors;
using Delisting.Api.Rulings;
using Microsoft.AspNetCore.Http.HttpResults;
using Delisting.Api.Changes;

namespace Delisting.Api.Feeds;

/// <summary>One feed read: checks the parameters, reads a page, holds an empty one while the reader asked to wait, builds the events.</summary>
public sealed class FeedReader(FeedStore store, FeedWatcher watcher, RulingsStore rulings, ExtensionsStore extensions, MirrorReportsStore reports,
    IHostApplicationLifetime lifetime, TimeProvider time, Cursors cursors)
{
    public async Task<Results<Ok<FeedPage>, ProblemHttpResult>> ReadAsync(bool engineFeed, string reader, int? limit, string? after, int? wait,
        CancellationToken cancellationToken)
    {
        if (!cursors.TryRead(limit, after, out var take, out var position, out var problem)) return problem!;
        var cursor = FeedCursor.Start;
        if (position is not null && !FeedCursor.TryParse(position, out cursor)) return Paging.NotACursor();
        if (wait is < 0 or > FeedsApi.MaxWaitSeconds) return Problems.BadRequest($"wait must be between 0 and {FeedsApi.MaxWaitSeconds} seconds; " +
            $"got {wait}.");

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        var started = time.GetTimestamp();
        var patience = TimeSpan.FromSeconds(wait ?? 0);
        while (true)
        {
            var next = watcher.NextChange;
            var (events, nextCursor) = await store.ReadAsync(engineFeed, reader, cursor, take, cancellationToken);
            var remaining = patience - time.GetElapsedTime(started);
            if (events.Count > 0 || remaining <= TimeSpan.Zero || stopping.IsCancellationRequested)
            {
                return TypedResults.Ok(new FeedPage(await BuildAsync(events, cancellationToken), cursors.Encode(nextCursor.ToString())));
            }
            try
            {
                await watcher.WaitAsync(next, remaining, stopping.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The service is stopping: answer what there is (nothing) with the cursor unchanged.
            }
        }
    }

    /// <summary>The feed events of rows read from the store, as the API and webhook deliveries send them.</summary>
    public async Task<IReadOnlyList<FeedEvent>> BuildAsync(
        IReadOnlyList<(FeedChangeRow Row, long Position)> events, CancellationToken cancellationToken)
    {
        var result = new List<FeedEvent>(events.Count);
        var rulingCache = new Dictionary<string, Ruling?>(StringComparer.Ordinal);
        foreach (var (row, _) in events)
        {
            var extension = row.ExtensionId is { } extensionId && row.Type == FeedEventTypes.RulingExtended
                ? await ExtensionAsync(row.RulingId, extensionId, rulingCache, cancellationToken)
                : null;
            var report = row.MirrorReportId is { } reportId ? await reports.GetAsync(row.RulingId, reportId, cancellationToken) : null;
            result.Add(new FeedEvent(row.Id, row.Type, row.At, row.RulingId, row.Type == FeedEventTypes.ItemCreated ? row.RequestId : null,
                row.Item(row.ToStatus ?? ""), extension, report, row.FromStatus, row.ToStatus, row.ReasonCode, row.Reason, Lapsing(row)));
        }
        return result;
    }

    private static LapsingContract? Lapsing(FeedChangeRow row) => row.Type == FeedEventTypes.RulingLapsing && row.LapsesAt is { } lapsesAt
        ? new LapsingContract(lapsesAt, System.Text.Json.JsonSerializer.Deserialize<string[]>(row.LapseSites ?? "[]") ?? [], row.OpenItems ?? 0)
        : null;

    private async Task<ExtensionContract?> ExtensionAsync(string rulingId, string extensionId, Dictionary<string, Ruling?> cache,
        CancellationToken cancellationToken)
    {
        if (!cache.TryGetValue(rulingId, out var ruling)) cache[rulingId] = ruling = await rulings.GetAsync(rulingId, cancellationToken);
        return ruling is null ? null : await extensions.GetAsync(ruling, extensionId, cancellationToken);
    }
}
