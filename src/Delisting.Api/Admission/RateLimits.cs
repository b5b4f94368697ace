using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Delisting.Api.Auth;
using Delisting.Api.Telemetry;
using Delisting.Api.Http;

namespace Delisting.Api.Admission;

/// <summary>
/// A token bucket per API key (per client address without one): `RateLimiting:PermitsPerSecond` sustained,
/// `RateLimiting:Burst` at once. A permit count of 0 turns limiting off (benchmarks, trusted deployments).
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddDelistingRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var perSecond = configuration.GetValue("RateLimiting:PermitsPerSecond", 500);
        var burst = configuration.GetValue("RateLimiting:Burst", 1000);
        return services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1,
                    (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                context.HttpContext.RequestServices.GetService<DelistingMetrics>()?.RateLimited();
                await TypedResults.Problem(detail: $"Too many requests for this API key; retry after {retryAfter} s.",
                    statusCode: 429, title: "Too many requests", type: Problems.TypeFor(429)).ExecuteAsync(context.HttpContext);
            };
            if (perSecond <= 0) return;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var key = http.Request.Headers[ApiKeyAuthenticationHandler.HeaderName].ToString();
                var partition = key.Length > 0
                    ? "key:" + Convert.ToHexString(ApiKeyAuthenticationHandler.Hash(key), 0, 8)
                    : "ip:" + http.Connection.RemoteIpAddress;
                return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Math.Max(burst, 1),
                    TokensPerPeriod = perSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
        });
    }
}
