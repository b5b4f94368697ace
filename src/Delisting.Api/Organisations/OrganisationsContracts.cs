using System.ComponentModel.DataAnnotations;

namespace Delisting.Api.Organisations;

/// <summary>A rights-holder organisation: a plaintiff of rulings, on whose behalf requests are made.</summary>
/// <param name="Id">Organisation id used everywhere else in the API.</param>
/// <param name="Name">Display name.</param>
/// <example>{ "id": "apc", "name": "Association des producteurs de cinéma" }</example>
public sealed record OrganisationContract(string Id, string Name);

/// <summary>Body of POST /v1/organisations.</summary>
/// <param name="Id">2 to 50 characters of a-z, 0-9 and '-', starting with a letter or digit; must not exist yet (409).</param>
/// <param name="Name">Display name, at most 200 characters.</param>
/// <example>{ "id": "sacem", "name": "SACEM" }</example>
public sealed record CreateOrganisationRequest([property: Required] string? Id, [property: Required] string? Name);
