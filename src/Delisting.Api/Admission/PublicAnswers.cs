using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;
using Delisting.Api.Http;
using Delisting.Api.Telemetry;

namespace Delisting.Api.Admission;

/// <summary>Marks an endpoint anyone may call without a key: cached, tagged, and throttled per client address.</summary>
public sealed class PublicAnswer;

/// <summary>
/// Answers for the public (no key needed): each is the same for every caller, so one output cache entry serves
/// everyone for at most 60 seconds (`Transparency:CacheSeconds`, 0 to 60), keyed by path and query whatever key is
/// sent. An answer carries an `ETag` (a hash of its body); `If-None-Match` with it gets 304, from the cache or not.
/// Callers without a valid key are throttled per client address (`RateLimiting:PublicPermitsPerMinute`,
/// `RateLimiting:PublicBurst`), after the cache would answer, so a cached answer costs them a token too; a valid key
/// is limited per key as everywhere else and never waits for an address's bucket.
/// </summary>
public static class PublicAnswers
{
    public const string CachePolicy = "public-answer";

    public static IServiceCollection AddPublicAnswers(this IServiceCollection services, IConfiguration configuration)
    {
        var seconds = Math.Clamp(configuration.GetValue("Transparency:CacheSeconds", 60), 0, 60);
        services.AddOutputCache(options => options.AddPolicy(CachePolicy, new PublicCachePolicy(TimeSpan.FromSeconds(seconds))));
        services.AddSingleton<PublicThrottle>();
        return services;
    }

    /// <summary>After authentication (the throttle spares valid keys) and before the cache (a cached answer is throttled too).</summary>
    public static IApplicationBuilder UsePublicAnswers(this IApplicationBuilder app)
    {
        var throttle = app.ApplicationServices.GetRequiredService<PublicThrottle>();
        app.Use(async (context, next) =>
        {
            if (!await throttle.RefuseIfExhaustedAsync(context)) await next(context);
        });
        return app.UseOutputCache();
    }

    /// <summary>Anonymous, cached, tagged with an ETag, throttled per address.</summary>
    public static TBuilder AsPublicAnswer<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AllowAnonymous().WithMetadata(new PublicAnswer()).CacheOutput(CachePolicy).AddEndpointFilter(TagAsync)
            .AddOpenApiOperationTransformer(Document);

    /// <summary>No key needed (an empty requirement), the 200's ETag, the 304, and the 429 of the per-address throttle.</summary>
    private static Task Document(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Security = [new OpenApiSecurityRequirement()];
        operation.Responses ??= new Microsoft.OpenApi.OpenApiResponses();
        if (operation.Responses.TryGetValue("200", out var found) && found is OpenApiResponse ok)
        {
            ok.Headers ??= new Dictionary<string, IOpenApiHeader>();
            ok.Headers["ETag"] = new OpenApiHeader
            {
                Description = "A tag of this answer's content: send it in If-None-Match to get 304 while the figures have not changed.",
                Required = true,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            };
        }
        operation.Responses["304"] = new OpenApiResponse { Description = "Not modified: the If-None-Match sent names this answer's ETag." };
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "If-None-Match",
            In = ParameterLocation.Header,
            Description = "The ETag of an answer already held: 304 without a body while it is still the answer.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
        return Task.CompletedTask;
    }

    /// <summary>Sets the answer's ETag, or answers 304 when the caller already holds it.</summary>
    private static async ValueTask<object?> TagAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var result = await next(invocation);
        var http = invocation.HttpContext;
        var bytes = (result is INestedHttpResult nested ? nested.Result : result) switch
        {
            IValueHttpResult { Value: { } value } and IStatusCodeHttpResult { StatusCode: 200 } => JsonSerializer.SerializeToUtf8Bytes(value,
                value.GetType(), http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions),
            ContentHttpResult { StatusCode: null or 200, ResponseContent: { } text } => System.Text.Encoding.UTF8.GetBytes(text),
            _ => null,
        };
        if (bytes is null) return result;
        var tag = new EntityTagHeaderValue("\"" + Convert.ToBase64String(SHA256.HashData(bytes), 0, 18).Replace('+', '-').Replace('/', '_') + "\"");
        http.Response.Headers.ETag = tag.ToString();
        http.Response.Headers.CacheControl = "public, no-cache";
        if (EntityTagHeaderValue.TryParseList(http.Request.Headers.IfNoneMatch, out var held)
            && held.Any(h => h.Compare(tag, useStrongComparison: false)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        return result;
    }

    private sealed class PublicCachePolicy(TimeSpan expiry) : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var request = context.HttpContext.Request;
            var cacheable = expiry > TimeSpan.Zero && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method));
            context.EnableOutputCaching = cacheable;
            context.AllowCacheLookup = cacheable;
            context.AllowCacheStorage = cacheable;
            context.AllowLocking = true;
            context.CacheVaryByRules.QueryKeys = "*";
            context.ResponseExpirationTimeSpan = expiry;
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            if (context.HttpContext.Response.StatusCode != StatusCodes.Status200OK) context.AllowCacheStorage = false;
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>The per-address token bucket of <see cref="PublicAnswers"/>; off when rate limiting is off.</summary>
public sealed class PublicThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string>? limiter;

    public PublicThrottle(IConfiguration configuration)
    {
        // Per minute, one token at a time: a steady 10 a second by default, and a slow enough trickle for tests.
        var perMinute = configuration.GetValue("RateLimiting:PublicPermitsPerMinute", 600);
        var burst = configuration.GetValue("RateLimiting:PublicBurst", 60);
        if (perMinute <= 0 || configuration.GetValue("RateLimiting:PermitsPerSecond", 500) <= 0) return;
        limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetTokenBucketLimiter(address,
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(burst, 1),
                TokensPerPeriod = 1,
                ReplenishmentPeriod = TimeSpan.FromMinutes(1) / perMinute,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    public async Task<bool> RefuseIfExhaustedAsync(HttpContext context)
    {
        if (limiter is null || context.User.Identity?.IsAuthenticated == true || context.GetEndpoint()?.Metadata.GetMetadata<PublicAnswer>() is null)
        {
            return false;
        }
        using var lease = limiter.AttemptAcquire(context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        if (lease.IsAcquired) return false;
        var retryAfter = Math.Max(1, (int)Math.Ceiling(lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait.TotalSeconds : 1));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        context.RequestServices.GetService<DelistingMetrics>()?.RateLimited();
        await Problems.Create(429, "Too many requests",
            $"Too many calls from this address to the public figures; retry after {retryAfter} s (or call with an API key).").ExecuteAsync(context);
        return true;
    }

    public void Dispose() => limiter?.Dispose();
}
