using System.Runtime;
using Delisting.Api.Http;

namespace Delisting.Api.Admission;

/// <summary>Marks an endpoint whose body is bulk work (thousands of URLs or responses) that admission control bounds.</summary>
public sealed record BulkWork;

/// <summary>
/// Bounds the bulk work in flight on this instance by the bytes of the bodies being processed (declared length,
/// or the endpoint's body limit when the length is not declared). A body that does not fit next to those already
/// in flight is refused with 503 and Retry-After before it is read, so memory stays bounded however many clients
/// post at once; one body is always admitted when nothing else is in flight. When bulk work drains after a lot
/// of it, the large object heap is compacted and returned to the system, since the bodies' strings and arrays
/// live there and a long-running service would otherwise keep its peak for good. That collection blocks every
/// thread for a moment, so it waits for a second without bulk work and runs at most every ten seconds.
/// </summary>
public sealed class BulkAdmission(IConfiguration configuration, TimeProvider time, ILogger<BulkAdmission> logger)
{
    public const long DefaultMaxInFlightBytes = 32L * 1024 * 1024;
    private const long CollectAfterBytes = 8L * 1024 * 1024;
    private static readonly TimeSpan QuietBeforeCollect = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan BetweenCollections = TimeSpan.FromSeconds(10);

    private readonly object gate = new();
    private long inFlight;
    private long sinceCollect;
    private long generation;
    private DateTimeOffset lastCollection = DateTimeOffset.MinValue;

    public long MaxInFlightBytes { get; } = configuration.GetValue("Admission:MaxInFlightBytes", DefaultMaxInFlightBytes);

    public long InFlightBytes
    {
        get { lock (gate) return inFlight; }
    }

    public bool TryEnter(long bytes)
    {
        lock (gate)
        {
            if (MaxInFlightBytes > 0 && inFlight > 0 && inFlight + bytes > MaxInFlightBytes) return false;
            inFlight += bytes;
            sinceCollect += bytes;
            generation++;
            return true;
        }
    }

    public void Exit(long bytes)
    {
        long quietGeneration;
        lock (gate)
        {
            inFlight -= bytes;
            if (inFlight > 0 || sinceCollect < CollectAfterBytes) return;
            quietGeneration = generation;
        }
        _ = CollectWhenQuietAsync(quietGeneration);
    }

    private async Task CollectWhenQuietAsync(long quietGeneration)
    {
        TimeSpan wait;
        lock (gate)
        {
            var allowedIn = lastCollection == DateTimeOffset.MinValue ? TimeSpan.Zero : lastCollection + BetweenCollections - time.GetUtcNow();
            wait = allowedIn > QuietBeforeCollect ? allowedIn : QuietBeforeCollect;
        }
        await Task.Delay(wait, time);
        lock (gate)
        {
            if (generation != quietGeneration || inFlight > 0) return;
            sinceCollect = 0;
            lastCollection = time.GetUtcNow();
        }
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        logger.LogDebug("Bulk work drained: heap compacted to {Bytes} bytes", GC.GetTotalMemory(false));
    }
}

public static class AdmissionExtensions
{
    public static RouteHandlerBuilder WithAdmission(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new BulkWork()).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    public static IApplicationBuilder UseBulkAdmission(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<BulkWork>() is null)
        {
            await next(context);
            return;
        }
        var admission = context.RequestServices.GetRequiredService<BulkAdmission>();
        var bytes = context.Request.ContentLength ?? endpoint.Metadata.GetMetadata<BodyLimit>()?.Bytes ?? BodyLimit.Default;
        if (!admission.TryEnter(bytes))
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "2";
            await Problems.Create(503, "Service busy",
                "This instance is already processing as much bulk work as it takes at once; retry after 2 s with the same body " +
                "(and the same Idempotency-Key).").ExecuteAsync(context);
            return;
        }
        try
        {
            await next(context);
        }
        finally
        {
            admission.Exit(bytes);
        }
    });
}
