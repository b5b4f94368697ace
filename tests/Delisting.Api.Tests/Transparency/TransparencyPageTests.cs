using System.Net;
using System.Text.RegularExpressions;
using Delisting.Api.Tests.Infrastructure;

namespace Delisting.Api.Tests.Transparency;

public sealed class TransparencyPageTests
{
    [Fact]
    public async Task The_page_is_self_contained_and_draws_one_mark_per_month_in_every_chart_beside_a_table()
    {
        var (app, _, _) = await PublicFiguresTests.TwoMonthsAsync();
        await using var owned = app;

        using var response = await app.Anonymous().GetAsync("/transparency");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotMatch(new Regex(@"(src|href)=""(https?:)?//"), html);
        Assert.DoesNotContain("<script", html);
        Assert.Contains("<meta name=\"viewport\"", html);

        var section = html[html.IndexOf("data-ruling=\"public-ruling\"", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("</section>", StringComparison.Ordinal)];
        var charts = Regex.Matches(section, @"<svg class=""chart"" id=""(?<id>[^""]+)""[^>]*data-months=""(?<months>\d+)""(?<body>.*?)</svg>",
            RegexOptions.Singleline);
        Assert.Equal(4, charts.Count);
        foreach (Match chart in charts)
        {
            var marks = Regex.Matches(chart.Groups["body"].Value, @"<g class=""(bar|box|box empty)"" data-month=""(?<month>\d{4}-\d{2})""");
            Assert.Equal(["2026-11", "2026-12"], marks.Select(m => m.Groups["month"].Value));
            Assert.Equal(2, int.Parse(chart.Groups["months"].Value));
            Assert.Contains("Month of first request", chart.Groups["body"].Value);
        }
        Assert.Contains("volumes-public-ruling-google", section);
        Assert.Contains("data-total=\"4\"", section);
        var table = Regex.Match(section, @"<table class=""months"" id=""table-public-ruling-google"">.*?</table>", RegexOptions.Singleline).Value;
        Assert.Equal(2, Regex.Matches(table, "<tr><th scope=\"row\">").Count);
        Assert.Contains("<td>33.5</td>", table);
    }
}
