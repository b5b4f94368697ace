using Microsoft.AspNetCore.Authorization;
using Delisting.Api.Auth;
using Delisting.Api.Http;

namespace Delisting.Api.Rulings;

/// <summary>
/// The ruling scope, stated once for every route under `/v1/rulings/{rulingId}`: 404 unless the ruling exists and the
/// caller may read it (an engine reads only the rulings that bind it); with <see cref="Policies.RulingParty"/>, 403 for a
/// rights holder whose organisation is not a plaintiff. Decided before a byte of the body is read; the handler finds
/// the ruling with <see cref="Of"/>.
/// </summary>
public static class RulingScope
{
    public static IServiceCollection AddRulingScope(this IServiceCollection services)
    {
        services.Configure<AuthorizationOptions>(options =>
        {
            options.AddPolicy(Policies.RulingReader, policy => policy.AddRequirements(new RulingAccessRequirement(PlaintiffsOnly: false)));
            options.AddPolicy(Policies.RulingParty, policy => policy.AddRequirements(new RulingAccessRequirement(PlaintiffsOnly: true)));
        });
        return services.AddSingleton<IAuthorizationHandler, RulingAccessHandler>();
    }

    /// <summary>The ruling of the route, as the scope policy read it for this request.</summary>
    public static Ruling Of(HttpContext http) =>
        http.Features.Get<ScopedRuling>()?.Ruling
            ?? throw new InvalidOperationException("The route has no ruling scope policy (RulingScope): map it in a group that requires one.");

    /// <summary>Engines read only the rulings that bind them; admins and rights holders read all rulings.</summary>
    public static bool CanRead(Caller caller, Ruling ruling) =>
        caller.Role != Roles.Engine || ruling.Engines.Contains(caller.Engine!);

    /// <summary>Rights holders act on a ruling only for a plaintiff organisation; admins and the engines it binds are parties too.</summary>
    public static bool IsParty(Caller caller, Ruling ruling) =>
        CanRead(caller, ruling) && (caller.Role != Roles.RightsHolder || ruling.Plaintiffs.Contains(caller.Organisation!));
}

/// <summary>The ruling a scope policy admitted the request to.</summary>
public sealed record ScopedRuling(Ruling Ruling);

public sealed record RulingAccessRequirement(bool PlaintiffsOnly) : IAuthorizationRequirement;

public sealed class RulingAccessHandler(RulingsStore rulings) : AuthorizationHandler<RulingAccessRequirement, HttpContext>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, RulingAccessRequirement requirement,
        HttpContext http)
    {
        if (context.User.Identity?.IsAuthenticated != true) return;
        var caller = Caller.From(context.User);
        var id = http.GetRouteValue("rulingId") as string ?? "";
        var ruling = http.Features.Get<ScopedRuling>()?.Ruling ?? await rulings.GetAsync(id, http.RequestAborted);
        if (ruling is null || !RulingScope.CanRead(caller, ruling))
        {
            context.Fail(new ScopeFailure(this, 404, $"Ruling '{id}' was not found."));
            return;
        }
        if (requirement.PlaintiffsOnly && !RulingScope.IsParty(caller, ruling))
        {
            context.Fail(new ScopeFailure(this, 403, $"Organisation '{caller.Organisation}' is not a plaintiff of ruling '{ruling.Id}'."));
            return;
        }
        http.Features.Set(new ScopedRuling(ruling));
        context.Succeed(requirement);
    }
}
