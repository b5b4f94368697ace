using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Delisting.Api.Telemetry;
using Delisting.Api.Http;

namespace Delisting.Api.Auth;

/// <summary>
/// Throttles calls without a valid key per client address, so keys cannot be guessed at speed: each call to a
/// protected endpoint that does not authenticate takes a token from the address's bucket
/// (`RateLimiting:UnauthenticatedPermitsPerSecond`, `RateLimiting:UnauthenticatedBurst`), and while the bucket is
/// empty every call from that address is refused with 429 before its key is even looked at. Refusing only the
/// failures would answer a right guess differently from a wrong one and make the 429 an oracle.
/// Counters are per instance, like the per-key limits (see README).
/// </summary>
public sealed class KeyGuessingThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string>? limiter;

    public KeyGuessingThrottle(IConfiguration configuration)
    {
        var perSecond = configuration.GetValue("RateLimiting:UnauthenticatedPermitsPerSecond", 5);
        var burst = configuration.GetValue("RateLimiting:UnauthenticatedBurst", 50);
        if (perSecond <= 0 || configuration.GetValue("RateLimiting:PermitsPerSecond", 500) <= 0) return;
        limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetTokenBucketLimiter(address,
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(burst, 1),
                TokensPerPeriod = perSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>Endpoints that need a key; health checks and the OpenAPI document stay reachable.</summary>
    private static bool IsProtected(HttpContext context) =>
        context.GetEndpoint()?.Metadata is { } metadata && metadata.GetMetadata<IAuthorizeData>() is not null
            && metadata.GetMetadata<IAllowAnonymous>() is null;

    private static string AddressOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>Before authentication: an address that has used up its failures waits, whatever key it sends.</summary>
    public async Task<bool> RefuseIfExhaustedAsync(HttpContext context)
    {
        if (limiter is null || !IsProtected(context)) return false;
        if (limiter.GetStatistics(AddressOf(context)) is not { CurrentAvailablePermits: <= 0 }) return false;
        await RefuseAsync(context, 1);
        return true;
    }

    /// <summary>After authentication: a call that a protected endpoint would answer with 401 costs a token.</summary>
    public async Task<bool> RefuseIfFailedTooOftenAsync(HttpContext context)
    {
        if (limiter is null || context.User.Identity?.IsAuthenticated == true || !IsProtected(context)) return false;
        using var lease = limiter.AttemptAcquire(AddressOf(context));
        if (lease.IsAcquired) return false;
        await RefuseAsync(context, lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait.TotalSeconds : 1);
        return true;
    }

    private static Task RefuseAsync(HttpContext context, double seconds)
    {
        var retryAfter = Math.Max(1, (int)Math.Ceiling(seconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.RequestServices.GetService<DelistingMetrics>()?.RateLimited();
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        return Problems.Create(429, "Too many requests",
            $"Too many calls without a valid API key from this address; retry after {retryAfter} s with a valid " +
                $"{ApiKeyAuthenticationHandler.HeaderName}.")
            .ExecuteAsync(context);
    }

    public void Dispose() => limiter?.Dispose();
}
