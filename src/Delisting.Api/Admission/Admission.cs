using System.Runtime;
using Delisting.Api.Http;

namespace Delisting.Api.Admission;

/// <summary>Marks an endpoint whose body is bulk work (thousands of URLs or responses) that admission control bounds.</summary>
public sealed record BulkWork;

/// <summary>
/// Bounds the bulk work in flight on this instance by the bytes of the bodies that have arrived (not what they
/// declare: a slow client that announces 16 MiB and sends a trickle holds only the trickle). Bodies are read here into
/// pooled segments (<see cref="PooledBody"/>, about their own size: the URLs of a submission stay in them), charged as
/// their bytes arrive, and handed on complete; a body whose next bytes do not fit beside those already held by others is
/// refused with 503 and Retry-After. A complete body then waits for its turn to be worked on (<see cref="BulkExpansion"/>),
/// so memory is bounded by the bodies held plus the growth of one large body at work, however many clients post at once:
/// the default budget (`Admission:MaxInFlightBytes`, 224 MiB) holds eight bodies of 20 MB beside a service of a few
/// hundred megabytes, with a ninth's worth of room for the parts of bodies that arrive beside them and are refused
/// (at 192 MiB, sixteen such posts at once got 6 to 8 × 201 depending on how their bytes interleaved; at 224 MiB,
/// 9). One tenant (an organisation or an engine) holds at most `Admission:TenantShare` (default 0.85) of
/// the budget while another of its bodies is in flight, which leaves room for a body of the largest size (24 MiB) from
/// anyone else; a body alone always completes. When bulk work drains after a lot of it, the segments kept for reuse are
/// dropped and the large object heap is compacted and returned to the system, since a long-running service would otherwise
/// keep its peak for good. That collection blocks every thread for a moment, so it waits for a second without bulk work and
/// runs at most every ten seconds.
/// </summary>
public sealed class BulkAdmission(IConfiguration configuration, TimeProvider time, ILogger<BulkAdmission> logger)
{
    public const long DefaultMaxInFlightBytes = 224L * 1024 * 1024;
    public const double DefaultTenantShare = 0.85;
    private const long CollectAfterBytes = 8L * 1024 * 1024;
    private static readonly TimeSpan QuietBeforeCollect = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan BetweenCollections = TimeSpan.FromSeconds(10);

    private readonly object gate = new();
    private readonly Dictionary<string, long> byTenant = new(StringComparer.Ordinal);
    private long inFlight;
    private long sinceCollect;
    private long generation;
    private DateTimeOffset lastCollection = DateTimeOffset.MinValue;

    public long MaxInFlightBytes { get; } = configuration.GetValue("Admission:MaxInFlightBytes", DefaultMaxInFlightBytes);

    public double TenantShare { get; } = Math.Clamp(configuration.GetValue("Admission:TenantShare", DefaultTenantShare), 0.01, 1);

    /// <summary>The segments bodies are read into, reused while bulk work goes on.</summary>
    public SegmentPool Segments { get; } = new(Math.Clamp(configuration.GetValue("Admission:MaxInFlightBytes", DefaultMaxInFlightBytes), 0,
        DefaultMaxInFlightBytes));

    public long InFlightBytes
    {
        get { lock (gate) return inFlight; }
    }

    public bool TryEnter(long bytes) => TryCharge(null, bytes, 0);

    public void Exit(long bytes) => Release(null, bytes);

    /// <summary>
    /// Charges bytes that arrived for a body that already holds <paramref name="own"/>: refused when they do not fit
    /// beside what other bodies hold, or beyond the tenant's share while another body of the tenant is in flight.
    /// </summary>
    public bool TryCharge(string? tenant, long bytes, long own)
    {
        lock (gate)
        {
            if (MaxInFlightBytes > 0 && inFlight - own > 0 && inFlight + bytes > MaxInFlightBytes) return false;
            var held = tenant is null ? 0 : byTenant.GetValueOrDefault(tenant);
            if (tenant is not null && MaxInFlightBytes > 0 && held - own > 0 && held + bytes > MaxInFlightBytes * TenantShare) return false;
            if (tenant is not null) byTenant[tenant] = held + bytes;
            inFlight += bytes;
            sinceCollect += bytes;
            generation++;
            return true;
        }
    }

    public void Release(string? tenant, long bytes)
    {
        long quietGeneration;
        lock (gate)
        {
            if (tenant is not null && byTenant.TryGetValue(tenant, out var held))
            {
                if (held - bytes > 0) byTenant[tenant] = held - bytes;
                else byTenant.Remove(tenant);
            }
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
        Segments.Clear();
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
        if (context.GetEndpoint()?.Metadata.GetMetadata<BulkWork>() is null)
        {
            await next(context);
            return;
        }
        var admission = context.RequestServices.GetRequiredService<BulkAdmission>();
        var caller = Caller.From(context.User);
        var tenant = caller.Organisation ?? caller.Engine ?? caller.KeyId;
        long charged = 0;
        var arriving = context.Request.Body;
        using var body = new PooledBody(admission.Segments);
        try
        {
            if (!await ReadAsync(context, body, admission, tenant, charge => charged = charge))
            {
                await BusyAsync(context);
                return;
            }
            context.Features.Set(body);
            context.Request.Body = body.AsStream();
            using var turn = await context.RequestServices.GetRequiredService<BulkExpansion>().EnterAsync(charged, context.RequestAborted);
            await next(context);
        }
        catch (BadHttpRequestException refused) when (!context.Response.HasStarted && refused.StatusCode is 408 or 413)
        {
            context.Response.StatusCode = refused.StatusCode;
            await (refused.StatusCode == 413
                ? BodyLimitExtensions.TooLarge(context.GetEndpoint()?.Metadata.GetMetadata<BodyLimit>()?.Bytes ?? BodyLimit.Default)
                : Problems.Create(408, "Request timeout",
                    "The request body arrived too slowly (see the README: Kestrel:MinRequestBodyBytesPerSecond); " +
                    "send it at a steady rate.")).ExecuteAsync(context);
        }
        finally
        {
            // A kept-alive connection keeps its request's features for the next: nothing may point at the segments after.
            context.Request.Body = arriving;
            context.Features.Set<PooledBody>(null);
            admission.Release(tenant, charged);
        }
    });

    /// <summary>Reads the body, charging its bytes as they arrive; false when they do not fit (the body is then released).</summary>
    private static async Task<bool> ReadAsync(HttpContext context, PooledBody body, BulkAdmission admission, string? tenant, Action<long> charged)
    {
        admission.Segments.BeginReading();
        try
        {
            long held = 0;
            int read;
            while ((read = await context.Request.Body.ReadAsync(body.Reserve(), context.RequestAborted)) > 0)
            {
                if (!admission.TryCharge(tenant, read, held))
                {
                    body.Dispose();
                    return false;
                }
                held += read;
                charged(held);
                body.Advance(read);
            }
            return true;
        }
        catch
        {
            body.Dispose();
            throw;
        }
        finally
        {
            admission.Segments.EndReading();
        }
    }

    private static Task BusyAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "2";
        return Problems.Create(503, "Service busy",
            "This instance is already processing as much bulk work as it takes at once; retry after 2 s with the same body " +
            "(and the same Idempotency-Key).").ExecuteAsync(context);
    }
}
