using Delisting.Api.Extensions;
using Delisting.Api.Http;
using Delisting.Api.Mirrors;
using Delisting.Api.Organisations;
using Delisting.Api.Rulings;
using Microsoft.AspNetCore.Http.HttpResults;
using Delisting.Api.Engines;

namespace Delisting.Api.Feeds;

/// <summary>Change feeds: what happened that concerns an engine or an organisation, oldest first, with long polling.</summary>
public static class FeedsApi
{
    /// <summary>The longest a reader may ask the service to hold a request open, in seconds.</summary>
    public const int MaxWaitSeconds = 30;

    public static IServiceCollection AddFeeds(this IServiceCollection services)
    {
        services.AddSingleton<FeedStore>();
        services.AddSingleton<FeedReader>();
        services.AddSingleton<FeedWatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<FeedWatcher>());
        return services;
    }

    public static IEndpointRouteBuilder MapFeeds(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/engines/{engine}/changes", ReadEngineFeed).WithName("ReadEngineFeed").WithTags("Change feeds")
            .WithSummary("An engine's change feed: items created, reopened, withdrawn, to relist; rulings extended (that engine's liaison or admin)")
            .RequireAuthorization(Roles.Engine, Policies.OwnEngine)
            .ProducesProblem(403);
        routes.MapGet("/v1/organisations/{organisation}/changes", ReadOrganisationFeed).WithName("ReadOrganisationFeed").WithTags("Change feeds")
            .WithSummary("An organisation's change feed: every engine report on its URLs, decisions on its mirror reports (its rights holders or " +
                "admin)")
            .RequireAuthorization(Roles.RightsHolder)
            .ProducesProblem(403);
        return routes;
    }

    /// <remarks>
    /// Types: item-created (with requestId), item-reopened, item-withdrawn (nothing left to do), relist-requested (put the URL back), ruling-extended
    /// (with extension). Oldest first; `next` is set on every page, also an empty one.</remarks>
    /// <param name="engine">The engine whose feed to read (a liaison reads its own engine's).</param>
    /// <param name="limit">How many events per page, 1 to 1,000 (default 100).</param>
    /// <param name="after">Cursor from the `next` of the previous page; omit to read from the beginning.</param>
    /// <param name="wait">
    /// Seconds (0 to 30, default 0) to hold the request when nothing follows the cursor: it answers as soon as an event arrives, or empty when the
    /// wait ends.</param>
    public static async Task<Results<Ok<FeedPage>, ProblemHttpResult>> ReadEngineFeed(
        [ParameterExample("google")] string engine, int? limit, string? after, int? wait, FeedReader reader,
        CancellationToken cancellationToken)
    {
        return await reader.ReadAsync(engineFeed: true, engine, limit, after, wait, cancellationToken);
    }

    /// <remarks>
    /// Types: status-changed (every engine report on a URL the organisation claims), mirror-report-decided (with mirrorReport). Oldest first; `next`
    /// is set on every page, also an empty one.</remarks>
    /// <param name="organisation">The organisation whose feed to read (a rights holder reads its own organisation's).</param>
    /// <param name="limit">How many events per page, 1 to 1,000 (default 100).</param>
    /// <param name="after">Cursor from the `next` of the previous page; omit to read from the beginning.</param>
    /// <param name="wait">
    /// Seconds (0 to 30, default 0) to hold the request when nothing follows the cursor: it answers as soon as an event arrives, or empty when the
    /// wait ends.</param>
    public static async Task<Results<Ok<FeedPage>, ProblemHttpResult>> ReadOrganisationFeed(
        [ParameterExample("apc")] string organisation, int? limit, string? after, int? wait, HttpContext http, OrganisationsStore organisations,
        FeedReader reader, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        if (caller.Role == Roles.RightsHolder && caller.Organisation != organisation)
        {
            return Problems.Forbidden($"This key reads the feed of '{caller.Organisation}', not '{organisation}'.");
        }
        if (await organisations.GetAsync(organisation, cancellationToken) is null) return Problems.NotFound($"Organisation '{organisation}'");
        return await reader.ReadAsync(engineFeed: false, organisation, limit, after, wait, cancellationToken);
    }
}
