using Microsoft.AspNetCore.Routing.Matching;
using Delisting.Api.Auth;
using Delisting.Api.Admission;
using Delisting.Api.Http;
using Delisting.Api.Telemetry;
using Delisting.Api.OpenApi;

namespace Delisting.Api.Hosting;

/// <summary>
/// What every request passes before an endpoint reads its body, in this order: rate limits, the key (with
/// throttling of calls without a valid one), authorization with the route's scope (role, organisation, engine),
/// then the body's size and content type, then admission of bulk work. So a caller with no rights is answered
/// 401/403/404 whatever it sends, and nothing is read for a request that will be refused.
/// </summary>
public static class RequestGuards
{
    public static IServiceCollection AddRequestGuards(this IServiceCollection services)
    {
        services.AddAccessPolicies();
        // Routing would otherwise answer 415 itself, while choosing the endpoint, before authentication runs. No two
        // endpoints here differ only by content type, so the check moves behind authorization (UseJsonContentType).
        foreach (var descriptor in services.Where(d => d.ServiceType == typeof(MatcherPolicy)
            && d.ImplementationType?.Name == "AcceptsMatcherPolicy").ToList())
        {
            services.Remove(descriptor);
        }
        services.AddStrictJson();
        services.AddSingleton<KeyGuessingThrottle>();
        services.AddSingleton<BulkAdmission>();
        services.AddSingleton<BulkExpansion>();
        return services;
    }

    public static IApplicationBuilder UseRequestGuards(this IApplicationBuilder app)
    {
        var throttle = app.ApplicationServices.GetRequiredService<KeyGuessingThrottle>();
        app.UseRateLimiter();
        app.Use(async (context, next) =>
        {
            if (!await throttle.RefuseIfExhaustedAsync(context)) await next(context);
        });
        app.UseAuthentication();
        app.Use(async (context, next) =>
        {
            if (!await throttle.RefuseIfFailedTooOftenAsync(context)) await next(context);
        });
        app.UseAuthorization();
        app.UsePublicAnswers();
        app.UseBodyLimits();
        app.UseJsonContentType();
        app.UseBulkAdmission();
        return app;
    }
}
