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
            .ProducesProblem(404);

        return group;
    }

    public static async Task<Results<Ok<ComplianceContract>, ProblemHttpResult>> GetCompliance(
        string rulingId, HttpContext http, RulingsStore rulings, ComplianceStore compliance, TimeProvider time, CancellationToken cancellationToken)
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
