namespace Delisting.Api.Engines;

public sealed record EngineContract(string Id, string Name);
