using Delisting.Api.Domain;
using Delisting.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Delisting.Api.ProtectedHosts;

/// <summary>Hosts that no order may hit (shared platforms, known over-blocking incidents); admins keep the list, every key reads it.</summary>
public static class ProtectedHostsApi
{
    public static IServiceCollection AddProtectedHosts(this IServiceCollection services) => services.AddSingleton<ProtectedHostsStore>()
        .AddSingleton<ProtectedHostLookup>(provider => provider.GetRequiredService<ProtectedHostsStore>().IndexAsync);

    public static RouteGroupBuilder MapProtectedHosts(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/protected-hosts").WithTags("Protected hosts").RequireAuthorization();

        group.MapGet("/", ListProtectedHosts).WithName("ListProtectedHosts")
            .WithSummary("The protected hosts, oldest first (any key)");
        group.MapPost("/", ProtectHost).WithName("ProtectHost")
            .WithSummary("Protect a host, optionally withdrawing every open claim on it in the same call (admin)")
            .RequireAuthorization(Roles.Admin)
            .WithValidation()
            .Produces<ExistingResourceProblem>(409, "application/problem+json");
        group.MapDelete("/{protectedHostId}", DeleteProtectedHost).WithName("DeleteProtectedHost")
            .WithSummary("Remove a protected host (admin); a removed seeded entry stays removed across restarts")
            .RequireAuthorization(Roles.Admin);
        return group;
    }

    /// <remarks>
    /// A host is protected when it equals an entry's host, or is a subdomain of an entry with includeSubdomains. Sites, mirror
    /// reports and URLs that hit one are refused (422 naming the entry) unless a court decision overrode it for the site.
    /// </remarks>
    /// <param name="limit">How many entries per page, 1 to 1,000 (default 100).</param>
    /// <param name="after">Cursor from the `next` of the previous page; omit for the first page.</param>
    public static async Task<Results<Ok<Page<ProtectedHostContract>>, ProblemHttpResult>> ListProtectedHosts(
        int? limit, string? after, Cursors cursors, ProtectedHostsStore store, CancellationToken cancellationToken)
    {
        if (!cursors.TryReadNumeric(limit, after, out var take, out var afterSeq, out var problem)) return problem!;
        var (items, next) = await store.ListAsync(afterSeq, take, cancellationToken);
        return TypedResults.Ok(new Page<ProtectedHostContract>(items, next is null ? null : cursors.Encode(next.Value)));
    }

    /// <remarks>
    /// The host is normalized like a site's domain (public suffixes such as github.io are allowed here); a host already protected
    /// is 409 with existingId. With withdrawOpenItems, every claimed URL whose host becomes protected, under every ruling, loses
    /// all its claims as an admin withdrawal would (reason `protected host: &lt;reason&gt;`), except on sites a court allowed
    /// on a protected host; the answer's withdrawal counts them. All or nothing.
    /// </remarks>
    /// <param name="body">The host and why it is protected.</param>
    public static async Task<Results<Created<ProtectedHostCreated>, ProblemHttpResult>> ProtectHost(
        ProtectedHostBody body, HttpContext http, ProtectedHostsStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        HostNames.TryNormalizeDomain(body.Host, allowPublicSuffix: true, out var host, out _);
        var entry = new ProtectedHost(Ids.New("ph"), host, body.IncludeSubdomains ?? true, body.Reason!.Trim());
        var outcome = await store.InsertAsync(entry, Caller.From(http.User), time.GetUtcNow(), body.WithdrawOpenItems ?? false, cancellationToken);
        if (outcome.Created is not { } created)
        {
            return Problems.Conflict($"'{host}' is already protected (see GET /v1/protected-hosts); nothing was stored.",
                new Dictionary<string, object?> { ["existingId"] = outcome.ExistingId });
        }
        return TypedResults.Created($"/v1/protected-hosts/{created.Id}", created);
    }

    /// <remarks>Claims withdrawn when the host was protected stay withdrawn. A seeded entry removed here is not seeded again.</remarks>
    /// <param name="protectedHostId">Id of the entry (ph_…).</param>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteProtectedHost(
        [ParameterExample("ph_3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f")] string protectedHostId, HttpContext http, ProtectedHostsStore store,
            TimeProvider time,
        CancellationToken cancellationToken) =>
        await store.DeleteAsync(protectedHostId, Caller.From(http.User), time.GetUtcNow(), cancellationToken)
            ? TypedResults.NoContent()
            : Problems.NotFound($"Protected host '{protectedHostId}'");
}
