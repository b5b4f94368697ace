using Dapper;
using Delisting.Api.Data;
using Delisting.Api.Http;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Delisting.Api.Organisations;

public sealed record OrganisationContract(string Id, string Name);

public sealed record CreateOrganisationRequest(string? Id, string? Name);

public sealed class CreateOrganisationValidator : AbstractValidator<CreateOrganisationRequest>
{
    public CreateOrganisationValidator()
    {
        RuleFor(o => o.Id).NotEmpty().WithMessage("id is required.")
            .Matches("^[a-z0-9][a-z0-9-]{1,49}$").WithMessage("id must be 2 to 50 characters of a-z, 0-9 and '-', starting with a letter or digit.");
        RuleFor(o => o.Name).NotEmpty().WithMessage("name is required.")
            .MaximumLength(200).WithMessage("name must be at most 200 characters.");
    }
}

public static class OrganisationsApi
{
    public static RouteGroupBuilder MapOrganisations(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/organisations").WithTags("Organisations").RequireAuthorization();

        group.MapGet("/", ListOrganisations).WithName("ListOrganisations")
            .WithSummary("List the rights-holder organisations");
        group.MapGet("/{organisationId}", GetOrganisation).WithName("GetOrganisation")
            .WithSummary("Get one organisation").ProducesProblem(404);
        group.MapPost("/", CreateOrganisation).WithName("CreateOrganisation")
            .WithSummary("Add an organisation (admin)")
            .RequireAuthorization(Roles.Admin)
            .WithValidation()
            .ProducesValidationProblem(422).ProducesProblem(400).ProducesProblem(409).ProducesProblem(415);
        return group;
    }

    public static async Task<Ok<IReadOnlyList<OrganisationContract>>> ListOrganisations(OrganisationsStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken));

    public static async Task<Results<Ok<OrganisationContract>, ProblemHttpResult>> GetOrganisation(
        string organisationId, OrganisationsStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(organisationId, cancellationToken) is { } organisation
            ? TypedResults.Ok(organisation)
            : Problems.NotFound($"Organisation '{organisationId}'");

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

public sealed class OrganisationsStore(Database database)
{
    private const string SelectAll = "SELECT id, name FROM organisations ORDER BY id";
    private const string SelectById = "SELECT id, name FROM organisations WHERE id = @Id";
    private static readonly string[] Columns = ["id", "name", "created_at"];

    public async Task<IReadOnlyList<OrganisationContract>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<OrganisationRow>(new CommandDefinition(SelectAll, cancellationToken: cancellationToken)))
            .Select(r => new OrganisationContract(r.Id, r.Name)).ToList();
    }

    public async Task<OrganisationContract?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<OrganisationRow>(new CommandDefinition(SelectById, new { Id = id }, cancellationToken: cancellationToken));
        return row is null ? null : new OrganisationContract(row.Id, row.Name);
    }

    /// <summary>Inserts unless the id exists; never overwrites. True when a row was added.</summary>
    public async Task<bool> InsertAsync(OrganisationContract organisation, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var sql = database.Dialect.InsertIfAbsent("organisations", Columns, ["id"]);
        return await connection.ExecuteAsync(new CommandDefinition(sql,
            new { organisation.Id, organisation.Name, CreatedAt = now }, cancellationToken: cancellationToken)) == 1;
    }

    private sealed class OrganisationRow
    {
        public string Id { get; init; } = "";
        public string Name { get; init; } = "";
    }
}
