namespace Delisting.Api.Organisations;

public sealed record OrganisationContract(string Id, string Name);

public sealed record CreateOrganisationRequest(string? Id, string? Name);
