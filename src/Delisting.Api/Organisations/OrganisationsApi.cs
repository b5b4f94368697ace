using Delisting.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Delisting.Api.Organisations;

public static class OrganisationsApi
{
    /// <summary>This feature's services: its stores.</summary>
    public static IServiceCollection AddOrganisations(this IServiceCollection services)
    {
        services.AddSingleton<OrganisationsStore>();
        return services;
    }

    public static RouteGroupBuilder MapOrganisations(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/organisations").WithTags("Organisations").RequireAuthorization();

        group.MapGet("/", ListOrganisations).WithName("ListOrganisations")
            .WithSummary("List the rights-holder organisations");
        group.MapGet("/{organisationId}", GetOrganisation).WithName("GetOrganisation")
            .WithSummary("Get one organisation");
        group.MapPost("/", CreateOrganisation).WithName("CreateOrganisation")
            .WithSummary("Add an organisation (admin)")
            .RequireAuthorization(Roles.Admin)
            .WithValidation()
            .ProducesProblem(409);
        return group;
    }

    /// <remarks>Every rights-holder organisation, by id. Any key may read them.</remarks>
    public static async Task<Ok<IReadOnlyList<OrganisationContract>>> ListOrganisations(OrganisationsStore store,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken));

    /// <remarks>Any key may read an organisation.</remarks>
    /// <param name="organisationId">Id of the organisation.</param>
    public static async Task<Results<Ok<OrganisationContract>, ProblemHttpResult>> GetOrganisation(
        [ParameterExample("apc")] string organisationId, OrganisationsStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(organisationId, cancellationToken) is { } organisation
            ? TypedResults.Ok(organisation)
            : Problems.NotFound($"Organisation '{organisationId}'");

    /// <remarks>The id is chosen by the admin and cannot change; an existing id is 409.</remarks>
    /// <param name="body">The organisation.</param>
    public static async Task<Results<Created<OrganisationContract>, ProblemHttpResult>> CreateOrganisation(
        CreateOrganisationRequest body, OrganisationsStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var organisation = new OrganisationContract(body.Id!, body.Name!.Trim());
        if (!await store.InsertAsync(organisation, time.GetUtcNow(), cancellationToken))
        {
            return Problems.Conflict($"An organisation with id '{organisation.Id}' already exists.");
        }
        return TypedResults.Created($"/v1/organisations/{organisation.Id}", organisation);
    }
}
