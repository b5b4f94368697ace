using Microsoft.AspNetCore.Authorization;
using Delisting.Api.Auth;
using Delisting.Api.Http;

namespace Delisting.Api.Engines;

/// <summary>
/// The engine scope, stated once: the `{engine}` of the route exists and, for an engine key, is the key's own engine;
/// admins may act for any engine. Routes name it with <see cref="Policies.OwnEngine"/>.
/// </summary>
public static class EngineScope
{
    public static IServiceCollection AddEngineScope(this IServiceCollection services)
    {
        services.Configure<AuthorizationOptions>(options =>
            options.AddPolicy(Policies.OwnEngine, policy => policy.AddRequirements(new OwnEngineRequirement())));
        return services.AddSingleton<IAuthorizationHandler, OwnEngineHandler>();
    }
}

public sealed class OwnEngineRequirement : IAuthorizationRequirement;

public sealed class OwnEngineHandler(EnginesStore engines) : AuthorizationHandler<OwnEngineRequirement, HttpContext>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OwnEngineRequirement requirement, HttpContext http)
    {
        if (context.User.Identity?.IsAuthenticated != true) return;
        var caller = Caller.From(context.User);
        var engine = http.GetRouteValue("engine") as string ?? "";
        if (caller.Role == Roles.Engine && caller.Engine != engine)
        {
            context.Fail(new ScopeFailure(this, 403, $"This key acts for engine '{caller.Engine}', not '{engine}'."));
            return;
        }
        if (caller.Role is not (Roles.Engine or Roles.Admin))
        {
            context.Fail(new ScopeFailure(this, 403, $"A key with role '{caller.Role}' may not use this endpoint: it is for engine liaisons."));
            return;
        }
        if (!await engines.ExistsAsync(engine, http.RequestAborted))
        {
            context.Fail(new ScopeFailure(this, 404, $"Engine '{engine}' was not found (see GET /v1/engines)."));
            return;
        }
        context.Succeed(requirement);
    }
}
