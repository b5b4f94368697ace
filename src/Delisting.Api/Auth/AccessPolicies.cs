using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Delisting.Api.Http;

namespace Delisting.Api.Auth;

/// <summary>
/// Authorization that depends on the route as well as the key, decided by the authorization middleware, that is
/// before the endpoint reads a byte of the body: a caller with no right to an endpoint gets 401, 403 or 404
/// whatever it sends (malformed JSON, another content type, a body too large).
/// </summary>
public static class AccessPolicies
{
    public static IServiceCollection AddAccessPolicies(this IServiceCollection services)
    {
        services.Configure<AuthorizationOptions>(options =>
        {
            options.AddPolicy(Policies.Submitter, policy => policy.AddRequirements(new SubmitterRequirement()));
        });
        services.AddSingleton<IAuthorizationHandler, SubmitterHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ScopedProblemResultHandler>();
        return services;
    }
}

/// <summary>Why a caller was refused, with the status to answer: 403 (not yours) or 404 (does not exist).</summary>
public sealed class ScopeFailure(IAuthorizationHandler handler, int status, string message) : AuthorizationFailureReason(handler, message)
{
    public int Status { get; } = status;
}

public sealed class SubmitterRequirement : IAuthorizationRequirement;

public sealed class SubmitterHandler : AuthorizationHandler<SubmitterRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, SubmitterRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated != true) return Task.CompletedTask;
        if (Caller.From(context.User).Role == Roles.RightsHolder) context.Succeed(requirement);
        else context.Fail(new ScopeFailure(this, 403,
            "Only a rights holder's key submits requests: a request is made on behalf of its organisation."));
        return Task.CompletedTask;
    }
}

/// <summary>Answers a scope failure with its own status and detail; everything else as ASP.NET Core does (401 / 403).</summary>
public sealed class ScopedProblemResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Forbidden && result.AuthorizationFailure?.FailureReasons.OfType<ScopeFailure>().FirstOrDefault() is { } failure)
        {
            context.Response.StatusCode = failure.Status;
            await Problems.Create(failure.Status, failure.Status == 404 ? "Not found" : "Forbidden", failure.Message).ExecuteAsync(context);
            return;
        }
        await fallback.HandleAsync(next, context, policy, result);
    }
}
