using Delisting.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Delisting.Api.Engines;

public static class EnginesApi
{
    public static RouteGroupBuilder MapEngines(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/engines").WithTags("Engines").RequireAuthorization();

        group.MapGet("/", ListEngines).WithName("ListEngines").WithSummary("List the search engines");

        return group;
    }

    public static async Task<Ok<IReadOnlyList<EngineContract>>> ListEngines(EnginesStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken));
}
