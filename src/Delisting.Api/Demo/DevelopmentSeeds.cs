using Delisting.Api.Domain;
using Delisting.Api.Rulings;

namespace Delisting.Api.Demo;

/// <summary>
/// Development only: a ruling in force, over demo sites, for the demo keys' organisations and engines, so that the
/// examples in the OpenAPI document (and Swagger UI's pre-filled bodies) work on the first click. Its dates are
/// relative to the clock at first start; like every seed it is inserted once and never overwritten.
/// Production never calls this.
/// </summary>
public sealed class DevelopmentSeeds(RulingsStore rulings, TimeProvider time, ILogger logger)
{
    public const string RulingId = "demo-ruling-in-force";
    public const string TimeZone = "Europe/Paris";

    /// <summary>The sites of the demo ruling; the request examples use URLs on them.</summary>
    public static readonly IReadOnlyList<string> Domains = ["streaming-demo.example", "films-demo.example"];

    /// <summary>The demo ruling as of <paramref name="now"/>: decided ten days ago, served a week ago, in force for a year.</summary>
    public static CreateRulingRequest DemoRuling(DateTimeOffset now)
    {
        RulingCalendar.TryFindZone(TimeZone, out var zone);
        var today = RulingCalendar.Today(now, zone);
        return new CreateRulingRequest(
            RulingId,
            "Tribunal judiciaire de Paris",
            "DEMO 26/00001",
            DecidedOn: today.AddDays(-10),
            ServedOn: today.AddDays(-7),
            TimeZone,
            ComplianceDays: 15,
            InForceUntil: today.AddYears(1),
            Plaintiffs: ["apc", "fndf"],
            Engines: ["google", "bing"],
            Sites: Domains.Select(d => new SiteInput(d, "Demo streaming")).ToList(),
            Note: "Demo ruling of the Development environment: the API documentation's examples point at it. It does not exist in Production.");
    }

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (await rulings.InsertAsync(Ruling.From(DemoRuling(now)), now, cancellationToken))
        {
            logger.LogInformation("Seeded the Development demo ruling {RulingId}", RulingId);
        }
    }
}
