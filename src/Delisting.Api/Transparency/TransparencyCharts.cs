using System.Globalization;
using System.Text;
using static System.Net.WebUtility;

namespace Delisting.Api.Transparency;

/// <summary>
/// Charts drawn on the server as inline SVG (nothing for the browser to load or run). Each month is one mark, a
/// `g` with `data-month`, so that a reader (or CI) can count them against the months of the table beside the chart.
/// </summary>
public static class TransparencyCharts
{
    private const int Width = 640, Height = 280, Left = 64, Right = 12, Top = 14, Bottom = 60;

    /// <summary>The outcomes stacked in a month's bar, bottom up, with their colours (distinct also in grey).</summary>
    public static readonly IReadOnlyList<(string Name, string Label, string Colour)> Outcomes =
    [
        ("delisted", "Delisted", "#1b6e3a"), ("rejected", "Rejected", "#b3261e"), ("withdrawn", "Withdrawn", "#7a6a00"),
        ("pending", "Not decided", "#9aa4ad"),
    ];

    /// <summary>One stacked bar per month: the URLs first requested that month, split by what became of them.</summary>
    public static string Volumes(string id, string title, IReadOnlyList<(string Month, long[] Counts)> months)
    {
        var max = Math.Max(1, months.Select(m => m.Counts.Sum()).DefaultIfEmpty(0).Max());
        var svg = Open(id, title, "URLs first requested", months.Select(m => m.Month), NiceTicks(max), out var scale, out var step);
        for (var i = 0; i < months.Count; i++)
        {
            var (month, counts) = months[i];
            var x = Left + i * step + step * 0.15;
            svg.Append(Inv($"<g class=\"bar\" data-month=\"{month}\" data-total=\"{counts.Sum()}\">"));
            double bottom = 0;
            for (var k = 0; k < Outcomes.Count; k++)
            {
                if (counts[k] == 0) continue;
                var height = counts[k] * scale;
                svg.Append(Inv($"<rect x=\"{x:0.#}\" y=\"{Top + PlotHeight - bottom - height:0.#}\" width=\"{step * 0.7:0.#}\" "))
                    .Append(Inv($"height=\"{height:0.#}\" fill=\"{Outcomes[k].Colour}\">"));
                svg.Append(Inv($"<title>{month}: {counts[k]} {Outcomes[k].Label.ToLowerInvariant()}</title></rect>"));
                bottom += height;
            }
            svg.Append("</g>");
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>
    /// Per month, the spread of hours to delist: whiskers from the 10th to the 90th percentile, a box from the 25th to the
    /// 75th, the median as a line.
    /// </summary>
    public static string TimeToDelist(string id, string title, IReadOnlyList<(string Month, double[]? Quantiles)> months)
    {
        var max = Math.Max(1, months.Select(m => m.Quantiles?[4] ?? 0).DefaultIfEmpty(0).Max());
        var svg = Open(id, title, "Hours to delist", months.Select(m => m.Month), NiceTicks(max), out var scale, out var step);
        double Y(double hours) => Top + PlotHeight - hours * scale;
        for (var i = 0; i < months.Count; i++)
        {
            var (month, q) = months[i];
            var middle = Left + i * step + step / 2;
            if (q is null)
            {
                svg.Append(Inv($"<g class=\"box empty\" data-month=\"{month}\"><title>{month}: nothing delisted</title></g>"));
                continue;
            }
            svg.Append(Inv($"<g class=\"box\" data-month=\"{month}\"><title>{month}: median {q[2]} h, "))
                .Append(Inv($"half between {q[1]} and {q[3]} h, 80 % between {q[0]} and {q[4]} h</title>"));
            svg.Append(Inv($"<line x1=\"{middle:0.#}\" x2=\"{middle:0.#}\" y1=\"{Y(q[0]):0.#}\" y2=\"{Y(q[4]):0.#}\" stroke=\"#345\"/>"));
            svg.Append(Inv($"<rect x=\"{middle - step * 0.3:0.#}\" y=\"{Y(q[3]):0.#}\" width=\"{step * 0.6:0.#}\" "))
                .Append(Inv($"height=\"{Math.Max(1, Y(q[1]) - Y(q[3])):0.#}\" fill=\"#9cc3e6\" stroke=\"#345\"/>"));
            svg.Append(Inv($"<line class=\"median\" x1=\"{middle - step * 0.3:0.#}\" x2=\"{middle + step * 0.3:0.#}\" "))
                .Append(Inv($"y1=\"{Y(q[2]):0.#}\" y2=\"{Y(q[2]):0.#}\" stroke=\"#000\" stroke-width=\"2\"/></g>"));
        }
        return svg.Append("</svg>").ToString();
    }

    private const int PlotHeight = Height - Top - Bottom, PlotWidth = Width - Left - Right;

    private static StringBuilder Open(string id, string title, string yLabel, IEnumerable<string> monthNames, IReadOnlyList<double> ticks,
        out double scale, out double step)
    {
        var months = monthNames.ToList();
        scale = PlotHeight / ticks[^1];
        step = (double)PlotWidth / Math.Max(1, months.Count);
        var svg = new StringBuilder();
        svg.Append(Inv($"<svg class=\"chart\" id=\"{id}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"{id}-title\" "));
        svg.Append(Inv($"data-months=\"{months.Count}\" preserveAspectRatio=\"xMidYMid meet\"><title id=\"{id}-title\">{HtmlEncode(title)}</title>"));
        foreach (var tick in ticks)
        {
            var y = Top + PlotHeight - tick * scale;
            svg.Append(Inv($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#ddd\"/>"));
            svg.Append(Inv($"<text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\" font-size=\"15\">{tick:0.##}</text>"));
        }
        var every = Math.Max(1, (int)Math.Ceiling(months.Count / 12.0));
        for (var i = 0; i < months.Count; i += every)
        {
            svg.Append(Inv($"<text x=\"{Left + i * step + step / 2:0.#}\" y=\"{Top + PlotHeight + 20}\" text-anchor=\"middle\" "))
                .Append(Inv($"font-size=\"15\">{months[i]}</text>"));
        }
        svg.Append(Inv($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Top + PlotHeight}\" y2=\"{Top + PlotHeight}\" stroke=\"#333\"/>"));
        svg.Append(Inv($"<text class=\"axis-label\" x=\"{Left + PlotWidth / 2}\" y=\"{Height - 8}\" text-anchor=\"middle\" font-size=\"16\">"))
            .Append("Month of first request</text>");
        svg.Append(Inv($"<text class=\"axis-label\" transform=\"translate(18 {Top + PlotHeight / 2}) rotate(-90)\" text-anchor=\"middle\" "))
            .Append(Inv($"font-size=\"16\">{HtmlEncode(yLabel)}</text>"));
        return svg;
    }

    /// <summary>Gridlines at 1, 2 or 5 times a power of ten, the last one at or above <paramref name="max"/>.</summary>
    public static IReadOnlyList<double> NiceTicks(double max)
    {
        var raw = max / 4;
        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var unit = new[] { 1.0, 2, 5, 10 }.Select(f => f * power).First(u => u >= raw);
        var ticks = new List<double>();
        for (var t = 0.0; t < max + unit; t += unit) ticks.Add(Math.Round(t, 6));
        if (ticks[^1] < max) ticks.Add(ticks[^1] + unit);
        return ticks.Count < 2 ? [0, 1] : ticks;
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
