using Delisting.Api.Compliance;
using Delisting.Api.Engines;
using Delisting.Api.Http;
using Delisting.Api.Keys;
using Delisting.Api.Organisations;
using Delisting.Api.Requests;
using Delisting.Api.Rulings;

var builder = WebApplication.CreateBuilder(args);
builder.AddDelisting();

var app = builder.Build();
app.UseDelisting();

app.MapEngines();
app.MapOrganisations();
app.MapRulings();
app.MapRequests();
app.MapCompliance();
app.MapApiKeys();

await app.PrepareDatabaseAsync();
app.Run();
