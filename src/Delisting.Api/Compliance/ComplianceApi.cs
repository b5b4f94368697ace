using Delisting.Api.Http;
using Delisting.Api.Rulings;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Delisting.Api.Compliance;

public static class ComplianceApi
{
    /// <summary>This feature's services: its stores.</summary>
    public static IServiceCollection AddCompliance(this IServiceCollection services)
    {
        services.AddSingleton<ComplianceStore>();
        return services;
    }

    public static RouteGroupBuilder MapCompliance(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/rulings").WithTags("Rulings").RequireAuthorization();

        group.MapGet("/{rulingId}/compliance", GetCompliance).WithName("GetRulingCompliance")
            .WithSummary("Per engine: how many items are pending, delisted on time or late, overdue; median hours to delist")
            .ProducesProblem(403).ProducesProblem(404);

        return group;
    }

    /// <remarks>Visible to admins, the ruling's plaintiffs (another rights holder gets 403) and the engines it binds (another engine gets 404). Counts are derived from the clock when read.</remarks>
    /// <param name="rulingId">Id (slug) of the ruling.</param>
    public static async Task<Results<Ok<ComplianceContract>, ProblemHttpResult>> GetCompliance(
        [ParameterExample("tgi-paris-2013-11-28-allostreaming")] string rulingId, HttpContext http, RulingsStore rulings, ComplianceStore compliance, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var ruling = await rulings.GetAsync(rulingId, cancellationToken);
        if (ruling is null || !RulingsApi.CanRead(caller, ruling)) return Problems.NotFound($"Ruling '{rulingId}'");
        if (caller.Role == Roles.RightsHolder && !ruling.Plaintiffs.Contains(caller.Organisation!))
        {
            return Problems.Forbidden($"Organisation '{caller.Organisation}' is not a plaintiff of ruling '{ruling.Id}'.");
        }
        var now = time.GetUtcNow();
        return TypedResults.Ok(new ComplianceContract(ruling.Id, now, await compliance.ForRulingAsync(ruling.Id, ruling.Engines, now, cancellationToken)));
    }
}
