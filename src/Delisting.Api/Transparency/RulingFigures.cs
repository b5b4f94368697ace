using System.Globalization;
using Delisting.Api.Compliance;
using Delisting.Api.Data;
using Delisting.Api.Domain;

namespace Delisting.Api.Transparency;

/// <summary>
/// An engine's items of one creation instant by public outcome. Waiting: the engine has not decided (pending or
/// acknowledged). Withdrawn: no plaintiff claims the URL any more (withdrawn, relist-pending, relisted). Overdue is
/// compliance's rule. Rejections per code, in the order of <see cref="RejectionCodes.All"/>.
/// </summary>
public sealed record OutcomeCounts(long Waiting, long Delisted, long Withdrawn, long Overdue, long[] RejectedBy);

/// <summary>Counts of one engine's items, and the hours from each URL's first request to its delisting.</summary>
public sealed class EngineTally
{
    public long Items { get; private set; }
    public long Delisted { get; private set; }
    public long Rejected { get; private set; }
    public long Waiting { get; private set; }
    public long Overdue { get; private set; }
    public long Withdrawn { get; private set; }
    public Dictionary<string, long> RejectedBy { get; } = RejectionCodes.All.ToDictionary(c => c, _ => 0L, StringComparer.Ordinal);
    public DelistingHours HoursToDelist { get; } = new();

    public void Add(OutcomeCounts counts)
    {
        var rejected = counts.RejectedBy.Sum();
        Items += counts.Waiting + counts.Delisted + counts.Withdrawn + rejected;
        Waiting += counts.Waiting;
        Delisted += counts.Delisted;
        Withdrawn += counts.Withdrawn;
        Overdue += counts.Overdue;
        Rejected += rejected;
        for (var k = 0; k < RejectionCodes.All.Count; k++) RejectedBy[RejectionCodes.All[k]] += counts.RejectedBy[k];
    }

    /// <summary>The median as compliance computes it (<see cref="ComplianceStore.Median"/>), to 2 decimals.</summary>
    public double? MedianHoursToDelist => HoursToDelist.Median(2);

    /// <summary>The hours at quantile <paramref name="q"/> (0..1) by linear interpolation; null when nothing was delisted.</summary>
    public double? HoursAt(double q) => HoursToDelist.At(q);
}

/// <summary>
/// Hours to delist, each with how many items took them (the items of one request delisted by one report share a
/// value): ranks are counted, not values expanded, so a million delistings cost a few thousand entries.
/// </summary>
public sealed class DelistingHours
{
    private readonly List<(double Hours, long Count)> values = [];
    private bool sorted = true;

    public long Count { get; private set; }

    public void Add(double hours, long count)
    {
        if (count <= 0) return;
        values.Add((hours, count));
        Count += count;
        sorted = false;
    }

    /// <summary>As <see cref="ComplianceStore.Median"/> over every value: the middle one, or the mean of the middle two.</summary>
    public double? Median(int decimals)
    {
        if (Count == 0) return null;
        var middle = Count / 2;
        var median = Count % 2 == 1 ? AtRank(middle) : (AtRank(middle - 1) + AtRank(middle)) / 2;
        return Math.Round(median, decimals);
    }

    /// <summary>The hours at quantile <paramref name="q"/> (0..1) by linear interpolation between ranks, to 2 decimals.</summary>
    public double? At(double q)
    {
        if (Count == 0) return null;
        var position = q * (Count - 1);
        var low = (long)Math.Floor(position);
        var high = Math.Min(low + 1, Count - 1);
        var (lowHours, highHours) = (AtRank(low), AtRank(high));
        return Math.Round(lowHours + (highHours - lowHours) * (position - low), 2);
    }

    // The value at a rank (0-based) of the values in ascending order.
    private double AtRank(long rank)
    {
        if (!sorted)
        {
            values.Sort((a, b) => a.Hours.CompareTo(b.Hours));
            sorted = true;
        }
        foreach (var (hours, count) in values)
        {
            if (rank < count) return hours;
            rank -= count;
        }
        return values[^1].Hours;
    }
}

/// <summary>A calendar month in the ruling's time zone.</summary>
public readonly record struct Month(int Year, int Number) : IComparable<Month>
{
    public static Month Of(DateOnly day) => new(day.Year, day.Month);

    public Month Next() => Number == 12 ? new(Year + 1, 1) : new(Year, Number + 1);

    public int CompareTo(Month other) => (Year, Number).CompareTo((other.Year, other.Number));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Number:D2}");
}

/// <summary>
/// A ruling's items folded per engine and per month of their URL's first request (in the ruling's time zone): every
/// month counts what became of the URLs first requested in it, so the months of an engine add up to its totals.
/// </summary>
public sealed class RulingFigures(TimeZoneInfo zone, IEnumerable<string> engines)
{
    private readonly Dictionary<string, (DateTimeOffset Instant, Month Month)> placed = new(StringComparer.Ordinal);

    public long UrlsRequested { get; set; }
    public DateTimeOffset AsOf { get; init; }

    public SortedDictionary<string, EngineTally> PerEngine { get; } =
        new(engines.ToDictionary(e => e, _ => new EngineTally()), StringComparer.Ordinal);

    public SortedDictionary<Month, SortedDictionary<string, EngineTally>> PerMonth { get; } = [];

    /// <summary>An engine's items whose URLs were first requested at one instant (stored as text or typed).</summary>
    public void AddCounts(string engine, object createdAt, OutcomeCounts counts)
    {
        ReadCached(createdAt, out var month);
        Tally(engine).Add(counts);
        MonthTally(month, engine).Add(counts);
    }

    /// <summary><paramref name="count"/> delisted items: the first request of their URL and their delisting.</summary>
    public void AddDelistings(string engine, object createdAt, DateTimeOffset delistedAt, long count)
    {
        var created = ReadCached(createdAt, out var month);
        var hours = (delistedAt - created).TotalHours;
        Tally(engine).HoursToDelist.Add(hours, count);
        MonthTally(month, engine).HoursToDelist.Add(hours, count);
    }

    private EngineTally Tally(string engine)
    {
        if (!PerEngine.TryGetValue(engine, out var tally)) PerEngine[engine] = tally = new EngineTally();
        return tally;
    }

    private EngineTally MonthTally(Month month, string engine)
    {
        if (!PerMonth.TryGetValue(month, out var engines)) PerMonth[month] = engines = new(StringComparer.Ordinal);
        if (!engines.TryGetValue(engine, out var tally)) engines[engine] = tally = new EngineTally();
        return tally;
    }

    /// <summary>Every month from <paramref name="first"/> through <paramref name="last"/>, and any other month with items.</summary>
    public IReadOnlyList<Month> Months(Month first, Month last)
    {
        var months = new SortedSet<Month>(PerMonth.Keys);
        for (var month = first; month.CompareTo(last) <= 0; month = month.Next()) months.Add(month);
        return [.. months];
    }

    // A request's URLs share one creation instant: each distinct one is parsed and placed in its month once.
    private DateTimeOffset ReadCached(object createdAt, out Month month)
    {
        if (createdAt is string text && placed.TryGetValue(text, out var known))
        {
            month = known.Month;
            return known.Instant;
        }
        var instant = ValueEncoding.ReadInstant(createdAt);
        month = Month.Of(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime));
        if (createdAt is string key) placed[key] = (instant, month);
        return instant;
    }
}
