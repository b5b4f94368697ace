using Microsoft.Extensions.Caching.Memory;

namespace Delisting.Api.Requests;

/// <summary>What never changes about a request once stored: its URLs, dates and engines.</summary>
public sealed record RequestHead(
    string Id, string RulingId, string OrganisationId, string? ClientReference, DateTimeOffset SubmittedAt, DateTimeOffset Deadline,
    IReadOnlyList<RequestUrlContract> Urls, IReadOnlyList<string> Engines, IReadOnlyList<Evidence.CaptureContract> Captures);

/// <summary>
/// Request heads kept in memory to serve status reads: a head never changes, so nothing kept can go stale, with one
/// instance or several. The cache is this feature's own, sized in URLs so that large requests do not crowd out the rest.
/// </summary>
public sealed class RequestHeads : IDisposable
{
    /// <summary>Budget in URLs: a head costs one unit per URL, plus one.</summary>
    public const long BudgetUrls = 100_000;

    /// <summary>Requests up to this size are kept as they are stored; larger ones when first read.</summary>
    public const int KeepOnInsertUrls = 1_000;

    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = BudgetUrls });

    public RequestHead? Find(string id) => cache.TryGetValue(id, out RequestHead? head) ? head : null;

    public void Keep(RequestHead head) => cache.Set(head.Id, head, new MemoryCacheEntryOptions
    {
        Size = head.Urls.Count + 1,
        SlidingExpiration = TimeSpan.FromMinutes(30),
    });

    public void Dispose() => cache.Dispose();
}
