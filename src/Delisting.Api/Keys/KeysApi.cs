using System.Buffers.Text;
using System.Security.Cryptography;
using Delisting.Api.Http;
using Delisting.Api.Organisations;
using Microsoft.AspNetCore.Http.HttpResults;
using Delisting.Api.Auth;
using Delisting.Api.Engines;

namespace Delisting.Api.Keys;

public static class KeysApi
{
    /// <summary>This feature's services: its stores.</summary>
    public static IServiceCollection AddApiKeys(this IServiceCollection services)
    {
        services.AddSingleton<KeysStore>();
        return services;
    }

    public static RouteGroupBuilder MapApiKeys(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/api-keys").WithTags("API keys").RequireAuthorization(Roles.Admin);

        group.MapPost("/", CreateKey).WithName("CreateApiKey")
            .WithSummary("Create an API key (admin); the key is shown once, in this response")
            .WithValidation();
        group.MapGet("/", ListKeys).WithName("ListApiKeys")
            .WithSummary("List API keys without their secrets (admin)");
        group.MapDelete("/{keyId}", RevokeKey).WithName("RevokeApiKey")
            .WithSummary("Revoke an API key (admin); it stops working at once");

        return group;
    }

    /// <remarks>
    /// A rights-holder key names its organisation, an engine key its engine, an admin key neither. The secret is in this response only; only its hash
    /// is stored.</remarks>
    /// <param name="body">The key's role and binding.</param>
    public static async Task<Results<Created<CreatedApiKeyContract>, ProblemHttpResult>> CreateKey(
        CreateApiKeyRequest body, HttpContext http, KeysStore store, OrganisationsStore organisations, EnginesStore engines,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (body.Organisation is not null && await organisations.GetAsync(body.Organisation, cancellationToken) is null)
        {
            return Problems.Validation("organisation", $"'{body.Organisation}' is not a known organisation (see GET /v1/organisations).");
        }
        if (body.Engine is not null && !await engines.ExistsAsync(body.Engine, cancellationToken))
        {
            return Problems.Validation("engine", $"'{body.Engine}' is not a known search engine (see GET /v1/engines).");
        }

        var id = Ids.New("key");
        var secret = NewSecret();
        var now = time.GetUtcNow();
        var label = string.IsNullOrWhiteSpace(body.Label) ? null : body.Label.Trim();
        await store.InsertAsync(id, ApiKeyAuthenticationHandler.Hash(secret), body with { Label = label },
            Caller.From(http.User).KeyId, now, cancellationToken);
        return TypedResults.Created($"/v1/api-keys/{id}",
            new CreatedApiKeyContract(id, secret, body.Role!, body.Organisation, body.Engine, label, now));
    }

    /// <remarks>Oldest first, revoked keys included (with `revokedAt`). Secrets are never listed.</remarks>
    /// <param name="limit">How many entries per page, 1 to 1,000 (default 100).</param>
    /// <param name="after">Cursor from the `next` of the previous page; omit for the first page.</param>
    public static async Task<Results<Ok<Page<ApiKeyContract>>, ProblemHttpResult>> ListKeys(
        Cursors cursors,
        int? limit, string? after, KeysStore store, CancellationToken cancellationToken)
    {
        if (!cursors.TryReadNumeric(limit, after, out var take, out var afterSeq, out var problem)) return problem!;
        var (keys, next) = await store.ListAsync(afterSeq, take, cancellationToken);
        return TypedResults.Ok(new Page<ApiKeyContract>(keys, next is null ? null : cursors.Encode(next.Value)));
    }

    /// <remarks>The key is refused from the next request on. Revoking a revoked key again is also 204; an id that never existed is 404.</remarks>
    /// <param name="keyId">Id of the key (key_…), from GET /v1/api-keys.</param>
    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeKey(
        [ParameterExample("key_7d2c9e4b1a3f5d6e8c0b2a4f6e8d0c1b")] string keyId, KeysStore store, TimeProvider time,
            CancellationToken cancellationToken) =>
        await store.RevokeAsync(keyId, time.GetUtcNow(), cancellationToken)
            ? TypedResults.NoContent()
            : Problems.NotFound($"API key '{keyId}'");

    /// <summary>256 random bits, URL-safe, with a prefix that secret scanners can recognise.</summary>
    public static string NewSecret() => "dlk_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}
