using System.Buffers.Text;
using System.Security.Cryptography;
using Delisting.Api.Engines;
using Delisting.Api.Http;
using Delisting.Api.Organisations;
using Microsoft.AspNetCore.Http.HttpResults;

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
            .WithValidation()
            .ProducesValidationProblem(422).ProducesProblem(400).ProducesProblem(415);
        group.MapGet("/", ListKeys).WithName("ListApiKeys")
            .WithSummary("List API keys without their secrets (admin)")
            .ProducesProblem(400);
        group.MapDelete("/{keyId}", RevokeKey).WithName("RevokeApiKey")
            .WithSummary("Revoke an API key (admin); it stops working at once")
            .ProducesProblem(404);

        return group;
    }

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

    public static async Task<Results<Ok<Page<ApiKeyContract>>, ProblemHttpResult>> ListKeys(
        int? limit, string? after, KeysStore store, CancellationToken cancellationToken)
    {
        if (!Paging.TryReadNumeric(limit, after, out var take, out var afterSeq, out var problem)) return problem!;
        var (keys, next) = await store.ListAsync(afterSeq, take, cancellationToken);
        return TypedResults.Ok(new Page<ApiKeyContract>(keys, next is null ? null : Paging.Encode(next.Value)));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeKey(
        string keyId, KeysStore store, TimeProvider time, CancellationToken cancellationToken) =>
        await store.RevokeAsync(keyId, time.GetUtcNow(), cancellationToken)
            ? TypedResults.NoContent()
            : Problems.NotFound($"API key '{keyId}'");

    /// <summary>256 random bits, URL-safe, with a prefix that secret scanners can recognise.</summary>
    public static string NewSecret() => "dlk_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}
