using Delisting.Api.Tests.Infrastructure;
using Delisting.Client;
using Delisting.Client.Models;
using Microsoft.Kiota.Abstractions;

namespace Delisting.Api.Tests.Client;

/// <summary>
/// The README's walk-through through the generated client (src/Delisting.Client, Kiota), end to end against the real
/// service: reference data, an organisation, a ruling, keys, a request, the engine's report, compliance, the audit trail,
/// a refused mirror URL, its report and the extension that covers it, and a withdrawal. If the document and the
/// service disagree (a field renamed, a status undeclared), this is where an integrator would have found out.
/// </summary>
public sealed class ClientWalkThroughTests
{
    [Fact]
    public async Task The_readme_walk_through_runs_through_the_generated_client()
    {
        await using var app = new DelistingApp();
        DelistingApiClient As(string key) => DelistingClients.Create(key, new Uri("http://localhost"), app.CreateClient());
        var admin = As(DelistingApp.AdminKey);
        var today = DateOnly.FromDateTime(app.Time.GetUtcNow().UtcDateTime);
        Date On(int days) => new(today.AddDays(days).ToDateTime(TimeOnly.MinValue));

        // Reference data, an organisation, a ruling in force today
        Assert.Contains((await admin.V1.Engines.GetAsync())!, e => e.Id == "google");
        await admin.V1.Organisations.PostAsync(new CreateOrganisationRequest { Id = "sacem", Name = "SACEM" });
        var ruling = await admin.V1.Rulings.PostAsync(new CreateRulingRequest
        {
            Id = "tj-paris-example", Court = "Tribunal judiciaire de Paris", CaseReference = "RG 26/00001",
            DecidedOn = On(-10), ServedOn = On(-7), TimeZone = "Europe/Paris", ComplianceDays = 15,
            InForceUntil = new Date(today.AddYears(1).ToDateTime(TimeOnly.MinValue)),
            Plaintiffs = ["apc", "sacem"], Engines = ["google", "bing"],
            Sites = [new SiteInput { Domain = "WWW.Example-Pirate.COM.", Network = "Example" }],
        });
        Assert.Equal("www.example-pirate.com", ruling!.Sites![0].Domain);
        Assert.True(ruling.InForce);

        // Keys: created (shown once), listed without secrets, revoked
        var sacemKey = await admin.V1.ApiKeys.PostAsync(new CreateApiKeyRequest
        {
            Role = CreateApiKeyRequest_role.RightsHolder, Organisation = "sacem", Label = "SACEM crawler",
        });
        Assert.StartsWith("key_", sacemKey!.Id);
        Assert.Contains((await admin.V1.ApiKeys.GetAsync())!.Items!, k => k.Id == sacemKey.Id);
        await admin.V1.ApiKeys[sacemKey.Id].DeleteAsync();
        await Assert.ThrowsAsync<Problem>(() => As(sacemKey.Key!).V1.Requests.GetAsync());
        var apc = As((await admin.V1.ApiKeys.PostAsync(new CreateApiKeyRequest { Role = CreateApiKeyRequest_role.RightsHolder,
            Organisation = "apc" }))!
            .Key!);
        var google = As((await admin.V1.ApiKeys.PostAsync(new CreateApiKeyRequest { Role = CreateApiKeyRequest_role.Engine, Engine = "google" }))!
            .Key!);

        // A delisting request: URLs normalized, one pending item per engine
        var request = await apc.V1.Requests.PostAsync(new SubmitRequestBody
        {
            RulingId = "tj-paris-example", ClientReference = "apc-crawl-001",
            Urls = ["https://WWW.example-pirate.com/film/123#player", "https://www.example-pirate.com/film/124"],
        });
        Assert.Equal("https://www.example-pirate.com/film/123", request!.Urls![0].Url);
        Assert.Equal(2, request.Summary.Entries<Dictionary<string, long>>()["google"]["pending"]);
        Assert.Equal(RequestContract_state.Open, request.State);
        Assert.Contains((await apc.V1.Requests.GetAsync())!.Items!, r => r.Id == request.Id);
        var items = await apc.V1.Requests[request.Id!].Items.GetAsync(q => q.QueryParameters.Engine = "google");
        Assert.Equal(2, items!.Items!.Count);

        // The engine's queue and its report
        var queue = await google.V1.Engines["google"].Items.GetAsync(q =>
            q.QueryParameters.Status = Delisting.Client.V1.Engines.Item.Items.GetStatusQueryParameterType.Pending);
        var result = await google.V1.Engines["google"].Responses.PostAsync(new ResponsesBatch
        {
            Responses =
            [
                new EngineResponse { ItemId = queue!.Items![0].Id, Status = EngineResponse_status.Delisted, EngineReference = "G-123" },
                new EngineResponse
                {
                    ItemId = queue.Items[1].Id, Status = EngineResponse_status.Rejected, ReasonCode = EngineResponse_reasonCode.NotInIndex,
                },
            ],
        });
        Assert.Equal(2, result!.Applied);
        var summary = (await apc.V1.Requests[request.Id!].GetAsync())!.Summary.Entries<Dictionary<string, long>>()["google"];
        Assert.Equal((1, 1, 0), (summary["delisted"], summary["rejected"], summary["pending"]));

        // Compliance and the audit trail
        var compliance = await apc.V1.Rulings["tj-paris-example"].Compliance.GetAsync();
        Assert.Equal(1, compliance!.Engines.Entries<System.Text.Json.JsonElement>()["google"].GetProperty("delisted").GetInt64());
        Assert.Contains((await apc.V1.Requests[request.Id!].Events.GetAsync())!.Items!, e => e.Type == EventContract_type.StatusChanged);

        // A mirror: refused with a typed validation problem, reported, then covered by an ARCOM extension
        var refused = await Assert.ThrowsAsync<ValidationProblem>(() => apc.V1.Requests.PostAsync(new SubmitRequestBody
        {
            RulingId = "tj-paris-example", Urls = ["https://example-pirate.net/film/1"],
        }));
        Assert.Equal(422, refused.ResponseStatusCode);
        Assert.Contains("mirror-reports", refused.Errors.Entries<string[]>()["urls[0]"][0]);
        var report = await apc.V1.Rulings["tj-paris-example"].MirrorReports.PostAsync(new MirrorReportBody
        {
            Domain = "example-pirate.net", MirrorOf = "www.example-pirate.com", Evidence = ["https://example-pirate.net/film/1"],
        });
        var again = await Assert.ThrowsAsync<ExistingResourceProblem>(() => apc.V1.Rulings["tj-paris-example"].MirrorReports.PostAsync(
            new MirrorReportBody
        {
            Domain = "example-pirate.net", MirrorOf = "www.example-pirate.com", Evidence = ["https://example-pirate.net/film/1"],
        }));
        Assert.Equal(report!.Id, again.ExistingId);
        await admin.V1.Rulings["tj-paris-example"].Extensions.PostAsync(new ExtensionBody
        {
            Basis = ExtensionBody_basis.ArcomRequest, Reference = "ARCOM 2026-0042", DecidedOn = On(-1), ServedOn = On(-1), ComplianceDays = 10,
            Sites = [new ExtensionSiteInput { Domain = "example-pirate.net", MirrorOf = "www.example-pirate.com" }], MirrorReports = [report.Id!],
        });
        var mirrored = new SubmitRequestBody { RulingId = "tj-paris-example", Urls = ["https://example-pirate.net/film/1"] };
        Assert.NotNull(await apc.V1.Requests.PostAsync(mirrored));

        // A mistake undone: the delisted URL must be relisted
        var withdrawal = await apc.V1.Requests[request.Id!].Withdrawals.PostAsync(new WithdrawalBody
        {
            Urls = [queue.Items[0].Url!], Reason = "Sent by mistake: the film is licensed on this site.",
        });
        Assert.Contains(withdrawal!.Items!, i => i.Engine == "google" && i.Status == ItemContract_status.RelistPending);
    
    }

    [Theory]
    [InlineData("https://delisting.example/v1/engines", true)]
    [InlineData("http://localhost:5080/v1/engines", true)]
    [InlineData("http://127.0.0.1:5080/v1/engines", true)]
    [InlineData("http://delisting.example/v1/engines", false)]
    public async Task The_api_key_goes_over_https_or_to_this_machine_over_http(string url, bool sent)
    {
        var request = new RequestInformation { URI = new Uri(url) };
        var provider = new DelistingApiKeyProvider("dev-apc-key");
        if (sent)
        {
            await provider.AuthenticateRequestAsync(request);
            Assert.Equal(["dev-apc-key"], request.Headers[DelistingApiKeyProvider.HeaderName]);
        }
        else
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => provider.AuthenticateRequestAsync(request));
            Assert.False(request.Headers.ContainsKey(DelistingApiKeyProvider.HeaderName));
        }
    }
}
