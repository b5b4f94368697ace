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
