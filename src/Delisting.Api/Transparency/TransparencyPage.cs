using System.Globalization;
using System.Text;
using Delisting.Api.Engines;
using Delisting.Api.Organisations;
using Delisting.Api.Rulings;
using Microsoft.AspNetCore.Http.HttpResults;
using static System.Net.WebUtility;

namespace Delisting.Api.Transparency;

/// <summary>
/// `GET /transparency`: the public figures as a page for people. Self-contained (inline CSS and SVG, no script, a
/// Content-Security-Policy that lets the browser load nothing else), readable on a phone, every chart also a table.
/// </summary>
public static class TransparencyPage
{
    /// <summary>Rulings shown on the page, in id order; the JSON list pages through all of them.</summary>
    public const int MaxRulings = 200;

    /// <summary>The browser may load nothing: no script, no font, no image, no style sheet from elsewhere.</summary>
    private const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'";

    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;line-height:1.45;color:#111}
        h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2.5rem;border-top:1px solid #ccc;padding-top:1rem}h3{font-size:1.05rem}
        table{border-collapse:collapse;font-size:.9rem;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.2rem .45rem;text-align:right}
        th:first-child,td:first-child{text-align:left}caption{text-align:left;font-weight:600}.scroll{overflow-x:auto}
        svg.chart{width:100%;height:auto;max-width:640px}
        figure{margin:1rem 0}figcaption{font-size:.9rem}.legend span{display:inline-block;margin-right:.8rem}
        .legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.25rem;vertical-align:middle}
        """;

    public static async Task<ContentHttpResult> GetAsync(HttpContext http, RulingsStore rulings, TransparencyStore store,
        OrganisationsStore organisations, EnginesStore engines, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var organisationNames = (await organisations.ListAsync(cancellationToken)).ToDictionary(o => o.Id, o => o.Name);
        var engineNames = (await engines.ListAsync(cancellationToken)).ToDictionary(e => e.Id, e => e.Name);
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>Court-ordered delisting: transparency</title><style>").Append(Style).Append("</style></head><body><main>")
            .Append("<h1>Court-ordered delisting: what the search engines do</h1>")
            .Append("<p>Courts order search engines to delist the sites of pirate networks. Rights holders send the URLs they find on ")
            .Append("those sites through this service; each engine reports what it did with each URL. Here are the figures: per ruling ")
            .Append("and engine, how many URLs were delisted, refused or withdrawn, and how long delisting took. No URL, request or ")
            .Append("key is shown. The same figures are available as JSON at <a href=\"/v1/transparency/rulings\">/v1/transparency/rulings</a>.</p>")
            .Append(Inv($"<p>Figures as of {now:yyyy-MM-dd HH:mm} UTC (refreshed at most every minute).</p>"));

        var list = await rulings.ListAsync(null, MaxRulings, engine: null, cancellationToken);
        if (list.Count == 0) html.Append("<p>No ruling is recorded yet.</p>");
        foreach (var ruling in list)
        {
            var figures = await store.FiguresAsync(ruling, now, cancellationToken);
            AppendRuling(html, ruling, figures, organisationNames, engineNames);
        }
        html.Append("</main></body></html>");
        http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        return TypedResults.Content(html.ToString(), "text/html; charset=utf-8");
    }

    private static void AppendRuling(StringBuilder html, Ruling ruling, RulingFigures figures, Dictionary<string, string> organisations,
        Dictionary<string, string> engines)
    {
        string Engine(string id) => HtmlEncode(engines.GetValueOrDefault(id, id));
        html.Append(Inv($"<section class=\"ruling\" id=\"ruling-{ruling.Id}\" data-ruling=\"{ruling.Id}\"><h2>{HtmlEncode(ruling.Court)}, "))
            .Append(Inv($"{ruling.DecidedOn:yyyy-MM-dd} ({HtmlEncode(ruling.CaseReference)})</h2>"))
            .Append(Inv($"<p>{(ruling.InForce(figures.AsOf) ? "In force" : "Not in force")} — until {ruling.InForceUntil:yyyy-MM-dd}. "))
            .Append(Inv($"Plaintiffs: {HtmlEncode(string.Join(", ", ruling.Plaintiffs.Select(p => organisations.GetValueOrDefault(p, p))))}. "))
            .Append(Inv($"Sites ordered: {ruling.Sites.Count}. URLs requested: {figures.UrlsRequested:N0}.</p>"));

        html.Append("<div class=\"scroll\"><table><caption>Per engine, all months</caption><thead><tr><th scope=\"col\">Engine</th>")
            .Append("<th scope=\"col\">Delisted</th><th scope=\"col\">Rejected</th><th scope=\"col\">Not decided</th><th scope=\"col\">Overdue</th>")
            .Append("<th scope=\"col\">Withdrawn</th><th scope=\"col\">Median hours to delist</th></tr></thead><tbody>");
        foreach (var (engine, tally) in figures.PerEngine)
        {
            html.Append(Inv($"<tr><th scope=\"row\">{Engine(engine)}</th><td>{tally.Delisted:N0}</td><td>{tally.Rejected:N0}</td>"))
                .Append(Inv($"<td>{tally.Waiting:N0}</td><td>{tally.Overdue:N0}</td><td>{tally.Withdrawn:N0}</td>"))
                .Append(Inv($"<td>{Hours(tally.MedianHoursToDelist)}</td></tr>"));
        }
        html.Append("</tbody></table></div>");

        var months = PublicRulingMonths.MonthsOf(ruling, figures);
        foreach (var engine in figures.PerEngine.Keys)
        {
            var tallies = months.Select(m => (Month: m.ToString(),
                Tally: figures.PerMonth.TryGetValue(m, out var e) && e.TryGetValue(engine, out var t) ? t : new EngineTally())).ToList();
            var id = $"{ruling.Id}-{engine}";
            html.Append(Inv($"<h3>{Engine(engine)}</h3>"));
            html.Append("<figure><div class=\"legend\" aria-hidden=\"true\">");
            foreach (var outcome in TransparencyCharts.Outcomes)
            {
                html.Append(Inv($"<span><i style=\"background:{outcome.Colour}\"></i>{outcome.Label}</span>"));
            }
            var name = engines.GetValueOrDefault(engine, engine);
            html.Append("</div>").Append(TransparencyCharts.Volumes($"volumes-{id}", $"{name}: URLs first requested per month, by outcome",
                tallies.Select(t => (t.Month, new[] { t.Tally.Delisted, t.Tally.Rejected, t.Tally.Withdrawn, t.Tally.Waiting })).ToList()));
            html.Append(Inv($"<figcaption>URLs first requested each month and what {Engine(engine)} did with them.</figcaption></figure>"));
            html.Append("<figure>").Append(TransparencyCharts.TimeToDelist($"delay-{id}", $"{name}: hours to delist per month",
                tallies.Select(t => (t.Month, Quantiles(t.Tally))).ToList()));
            html.Append("<figcaption>Hours from the first request of a URL to its delisting, by month of request: the box holds the middle ")
                .Append("half of the delistings, the line in it is the median, the whiskers reach the 10th and 90th percentiles.")
                .Append("</figcaption></figure>");
            AppendTable(html, id, Engine(engine), tallies);
        }
        html.Append("</section>");
    }

    private static void AppendTable(StringBuilder html, string id, string engine, List<(string Month, EngineTally Tally)> months)
    {
        html.Append(Inv($"<details><summary>{engine}: the figures of the charts</summary><div class=\"scroll\">"))
            .Append(Inv($"<table class=\"months\" id=\"table-{id}\">"))
            .Append("<thead><tr><th scope=\"col\">Month</th><th scope=\"col\">Requested</th><th scope=\"col\">Delisted</th>")
            .Append("<th scope=\"col\">Rejected</th>")
            .Append("<th scope=\"col\">Withdrawn</th><th scope=\"col\">Not decided</th><th scope=\"col\">Hours to delist: 10th pct.</th>")
            .Append("<th scope=\"col\">25th</th><th scope=\"col\">Median</th><th scope=\"col\">75th</th><th scope=\"col\">90th</th>")
            .Append("</tr></thead><tbody>");
        foreach (var (month, t) in months)
        {
            html.Append(Inv($"<tr><th scope=\"row\">{month}</th><td>{t.Items:N0}</td><td>{t.Delisted:N0}</td><td>{t.Rejected:N0}</td>"))
                .Append(Inv($"<td>{t.Withdrawn:N0}</td><td>{t.Waiting:N0}</td><td>{Hours(t.HoursAt(0.1))}</td><td>{Hours(t.HoursAt(0.25))}</td>"))
                .Append(Inv($"<td>{Hours(t.MedianHoursToDelist)}</td>"))
                .Append(Inv($"<td>{Hours(t.HoursAt(0.75))}</td><td>{Hours(t.HoursAt(0.9))}</td></tr>"));
        }
        html.Append("</tbody></table></div></details>");
    }

    private static double[]? Quantiles(EngineTally tally) =>
        tally.Delisted == 0 ? null : new[] { 0.1, 0.25, 0.5, 0.75, 0.9 }.Select(q => tally.HoursAt(q)!.Value).ToArray();

    private static string Hours(double? hours) => hours is { } h ? h.ToString("0.##", CultureInfo.InvariantCulture) : "—";

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
