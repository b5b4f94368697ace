using System.Security.Claims;

namespace Delisting.Api.Http;

public static class Roles
{
    public const string Admin = "admin";
    public const string RightsHolder = "rights-holder";
    public const string Engine = "engine";

    /// <summary>The policy of endpoints for keys that act for an engine or an organisation (not admins): webhooks.</summary>
    public const string Subscriber = "subscriber";
    public static readonly IReadOnlyList<string> All = [Admin, RightsHolder, Engine];
}

/// <summary>Who is calling, as established by the API key: every handler scopes its queries with this.</summary>
public sealed record Caller(string KeyId, string Role, string? Organisation, string? Engine)
{
    public const string KeyIdClaim = "delisting:key";
    public const string OrganisationClaim = "delisting:organisation";
    public const string EngineClaim = "delisting:engine";

    public bool IsAdmin => Role == Roles.Admin;

    public static Caller From(ClaimsPrincipal user) => new(
        user.FindFirstValue(KeyIdClaim) ?? throw new InvalidOperationException("Endpoint reached without an authenticated API key."),
        user.FindFirstValue(ClaimTypes.Role)!,
        user.FindFirstValue(OrganisationClaim),
        user.FindFirstValue(EngineClaim));

    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var claims = new List<Claim> { new(KeyIdClaim, KeyId), new(ClaimTypes.Role, Role), new(ClaimTypes.Name, KeyId) };
        if (Organisation is not null) claims.Add(new Claim(OrganisationClaim, Organisation));
        if (Engine is not null) claims.Add(new Claim(EngineClaim, Engine));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }
}

/// <summary>Who caused an event.</summary>
/// <param name="KeyId">Id of the API key that made the call (bootstrap-admin for the configured bootstrap key).</param>
/// <param name="Role">Role of that key.</param>
public sealed record ActorContract(string KeyId, [property: Vocabulary(typeof(Roles))] string Role);

/// <summary>
/// The names of the authorization policies that depend on the route as well as the key (Auth/AccessPolicies.cs
/// decides them): features name them on their routes.
/// </summary>
public static class Policies
{
    /// <summary>Rights holders only: a request is submitted on behalf of an organisation, which an admin key has not.</summary>
    public const string Submitter = "submitter";

    /// <summary>The `{engine}` of the route exists and, for an engine key, is the key's own engine.</summary>
    public const string OwnEngine = "own-engine";

    /// <summary>The `{rulingId}` of the route exists and the caller may read it (an engine: a ruling that binds it), else 404.</summary>
    public const string RulingReader = "ruling-reader";

    /// <summary>As <see cref="RulingReader"/>, and a rights holder's organisation is a plaintiff of the ruling, else 403.</summary>
    public const string RulingParty = "ruling-party";
}
