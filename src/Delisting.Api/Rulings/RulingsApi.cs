using Delisting.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Delisting.Api.Rulings;

public static class RulingsApi
{
    public static RouteGroupBuilder MapRulings(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/rulings").WithTags("Rulings").RequireAuthorization();

        group.MapGet("/", ListRulings).WithName("ListRulings")
            .WithSummary("List rulings (an engine sees the rulings that bind it)")
            .ProducesProblem(400);
        group.MapGet("/{rulingId}", GetRuling).WithName("GetRuling")
            .WithSummary("Get one ruling with its ordered site list")
            .ProducesProblem(404);
        group.MapPost("/", CreateRuling).WithName("CreateRuling")
            .WithSummary("Record a ruling (admin)")
            .RequireAuthorization(Roles.Admin)
            .WithValidation()
            .ProducesValidationProblem(422)
            .ProducesProblem(400).ProducesProblem(409).ProducesProblem(413).ProducesProblem(415);

        return group;
    }

    public static async Task<Results<Ok<Page<RulingContract>>, ProblemHttpResult>> ListRulings(
        int? limit, string? after, HttpContext http, RulingsStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!Paging.TryRead(limit, after, out var take, out var afterId, out var problem)) return problem!;
        // The cursor is the last ruling id of the previous page: anything that is not a ruling id is not a cursor.
        if (afterId is not null && !System.Text.RegularExpressions.Regex.IsMatch(afterId, CreateRulingValidator.SlugPattern)) return Paging.NotACursor();
        var caller = Caller.From(http.User);
        var rulings = await store.ListAsync(afterId, take + 1, caller.Role == Roles.Engine ? caller.Engine : null, cancellationToken);
        var now = time.GetUtcNow();
        var page = rulings.Take(take).Select(r => RulingContract.From(r, now)).ToList();
        return TypedResults.Ok(new Page<RulingContract>(page, rulings.Count > take ? Paging.Encode(page[^1].Id) : null));
    }

    public static async Task<Results<Ok<RulingContract>, ProblemHttpResult>> GetRuling(
        string rulingId, HttpContext http, RulingsStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var ruling = await store.GetAsync(rulingId, cancellationToken);
        if (ruling is null || !CanRead(Caller.From(http.User), ruling)) return Problems.NotFound($"Ruling '{rulingId}'");
        return TypedResults.Ok(RulingContract.From(ruling, time.GetUtcNow()));
    }

    public static async Task<Results<Created<RulingContract>, ProblemHttpResult>> CreateRuling(
        CreateRulingRequest body, RulingsStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var ruling = Ruling.From(body);

        var (unknownEngines, unknownOrganisations) = await store.FindUnknownAsync(ruling.Engines, ruling.Plaintiffs, cancellationToken);
        var errors = new Dictionary<string, string[]>();
        foreach (var engine in unknownEngines)
        {
            errors[$"engines[{IndexOf(ruling.Engines, engine)}]"] = [$"'{engine}' is not a known search engine (see GET /v1/engines)."];
        }
        foreach (var organisation in unknownOrganisations)
        {
            errors[$"plaintiffs[{IndexOf(ruling.Plaintiffs, organisation)}]"] = [$"'{organisation}' is not a known organisation (see GET /v1/organisations)."];
        }
        if (errors.Count > 0) return Problems.Validation(errors);

        var now = time.GetUtcNow();
        if (!await store.InsertAsync(ruling, now, cancellationToken))
        {
            return Problems.Conflict($"A ruling with id '{ruling.Id}' already exists.");
        }
        return TypedResults.Created($"/v1/rulings/{ruling.Id}", RulingContract.From(ruling, now));
    }

    /// <summary>Engines read only the rulings that bind them; admins and rights holders read all rulings.</summary>
    public static bool CanRead(Caller caller, Ruling ruling) =>
        caller.Role != Roles.Engine || ruling.Engines.Contains(caller.Engine!);

    private static int IndexOf(IReadOnlyList<string> values, string value)
    {
        for (var i = 0; i < values.Count; i++) if (values[i] == value) return i;
        return -1;
    }
}
