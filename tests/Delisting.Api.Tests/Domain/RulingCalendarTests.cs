using Delisting.Api.Domain;

namespace Delisting.Api.Tests.Domain;

public class RulingCalendarTests
{
    private static TimeZoneInfo Zone(string id)
    {
        Assert.True(RulingCalendar.TryFindZone(id, out var zone), id);
        return zone;
    }

    [Theory]
    // the contract example: served 2026-11-20, 15 days, Paris (UTC+1 in winter)
    [InlineData("2026-11-01", "2026-11-20", "2026-11-20", 15, "Europe/Paris", "2026-12-05T23:00:00Z")]
    // not served yet: the decision date stands in
    [InlineData("2026-11-20", null, "2026-11-20", 15, "Europe/Paris", "2026-12-05T23:00:00Z")]
    // submitted after service: the clock runs from the submission date
    [InlineData("2026-11-01", "2026-11-20", "2026-11-29", 15, "Europe/Paris", "2026-12-14T23:00:00Z")]
    // submitted before service: the clock runs from service
    [InlineData("2026-11-01", "2026-11-20", "2026-11-10", 15, "Europe/Paris", "2026-12-05T23:00:00Z")]
    // spring forward: 2027-03-28 is the last Sunday of March; the day ends at 00:00+02:00
    [InlineData("2027-03-13", null, "2027-03-13", 15, "Europe/Paris", "2027-03-28T22:00:00Z")]
    [InlineData("2027-03-12", null, "2027-03-12", 15, "Europe/Paris", "2027-03-27T23:00:00Z")]
    // fall back: 2026-10-25 is the last Sunday of October
    [InlineData("2026-10-09", null, "2026-10-09", 15, "Europe/Paris", "2026-10-24T22:00:00Z")]
    [InlineData("2026-10-10", null, "2026-10-10", 15, "Europe/Paris", "2026-10-25T23:00:00Z")]
    // summer time
    [InlineData("2026-07-01", null, "2026-07-01", 15, "Europe/Paris", "2026-07-16T22:00:00Z")]
    // zero days: overdue at the end of the start day
    [InlineData("2026-11-20", null, "2026-11-20", 0, "Europe/Paris", "2026-11-20T23:00:00Z")]
    // year end and leap day
    [InlineData("2026-12-20", null, "2026-12-20", 15, "Europe/Paris", "2027-01-04T23:00:00Z")]
    [InlineData("2028-02-14", null, "2028-02-14", 15, "Europe/Paris", "2028-02-29T23:00:00Z")]
    // other zones
    [InlineData("2026-11-20", null, "2026-11-20", 15, "UTC", "2026-12-06T00:00:00Z")]
    [InlineData("2026-11-20", null, "2026-11-20", 15, "America/New_York", "2026-12-06T05:00:00Z")]
    [InlineData("2026-11-20", null, "2026-11-20", 15, "Asia/Kolkata", "2026-12-05T18:30:00Z")]
    // Chile starts summer time at midnight: 2026-09-06 00:00 does not exist, the day starts at 01:00-03:00
    [InlineData("2026-08-21", null, "2026-08-21", 15, "America/Santiago", "2026-09-06T04:00:00Z")]
    [InlineData("2026-08-20", null, "2026-08-20", 15, "America/Santiago", "2026-09-05T04:00:00Z")]
    public void Computes_the_instant_an_item_becomes_overdue(
        string decidedOn, string? servedOn, string submitted, int days, string zoneId, string expected)
    {
        var deadline = RulingCalendar.Deadline(
            DateOnly.Parse(decidedOn), servedOn is null ? null : DateOnly.Parse(servedOn), DateOnly.Parse(submitted), days, Zone(zoneId));

        Assert.Equal(DateTimeOffset.Parse(expected), deadline);
        Assert.Equal(TimeSpan.Zero, deadline.Offset);
    }

    [Fact]
    public void Refuses_a_negative_compliance_period()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            RulingCalendar.Deadline(new DateOnly(2026, 1, 1), null, new DateOnly(2026, 1, 1), -1, TimeZoneInfo.Utc));
    }

    [Theory]
    [InlineData("2026-11-29T22:59:59Z", "Europe/Paris", "2026-11-29")]
    [InlineData("2026-11-29T23:00:00Z", "Europe/Paris", "2026-11-30")]
    [InlineData("2026-11-29T23:30:00Z", "UTC", "2026-11-29")]
    [InlineData("2026-11-30T00:00:00Z", "UTC", "2026-11-30")]
    [InlineData("2026-07-14T21:59:59Z", "Europe/Paris", "2026-07-14")]
    [InlineData("2026-07-14T22:00:00Z", "Europe/Paris", "2026-07-15")]
    [InlineData("2026-11-30T00:30:00+01:00", "UTC", "2026-11-29")]
    [InlineData("2026-11-30T03:00:00Z", "America/New_York", "2026-11-29")]
    public void Today_is_the_date_in_the_ruling_zone(string now, string zoneId, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected), RulingCalendar.Today(DateTimeOffset.Parse(now), Zone(zoneId)));
    }

    [Theory]
    [InlineData("2013-11-28", null, "2014-12-13", "2013-11-27", false)]
    [InlineData("2013-11-28", null, "2014-12-13", "2013-11-28", true)]
    [InlineData("2013-11-28", null, "2014-12-13", "2014-06-01", true)]
    [InlineData("2013-11-28", null, "2014-12-13", "2014-12-13", true)]
    [InlineData("2013-11-28", null, "2014-12-13", "2014-12-14", false)]
    [InlineData("2013-11-28", "2013-12-05", "2014-12-13", "2013-12-04", false)]
    [InlineData("2013-11-28", "2013-12-05", "2014-12-13", "2013-12-05", true)]
    [InlineData("2013-11-28", "2013-12-05", "2014-12-13", "2014-12-13", true)]
    [InlineData("2013-11-28", "2013-12-05", "2014-12-13", "2014-12-14", false)]
    [InlineData("2026-01-01", null, "2026-01-01", "2026-01-01", true)]
    public void In_force_from_service_to_the_last_day_inclusive(
        string decidedOn, string? servedOn, string until, string today, bool expected)
    {
        // The rule production applies: a ruling built as POST /v1/rulings builds it, read at noon of the day in Paris.
        var ruling = Api.Rulings.Ruling.From(new Api.Rulings.CreateRulingRequest("in-force", "Court", "RG 1", DateOnly.Parse(decidedOn),
            servedOn is null ? null : DateOnly.Parse(servedOn), "Europe/Paris", 15, DateOnly.Parse(until), ["apc"], ["google"],
            [new Api.Rulings.SiteInput("allostreaming.com", null)], null));
        Assert.Equal(expected, ruling.InForce(new DateTimeOffset(DateOnly.Parse(today), new TimeOnly(12, 0), TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("Europe/Paris", true)]
    [InlineData("America/Argentina/Buenos_Aires", true)]
    [InlineData("Etc/GMT+5", true)]
    [InlineData("UTC", true)]
    [InlineData("Nowhere/Land", false)]
    [InlineData("Europe/Paris ", false)]
    [InlineData("Romance Standard Time", false)]
    [InlineData("../../etc/passwd", false)]
    [InlineData("/etc/localtime", false)]
    [InlineData("Europe/", false)]
    [InlineData("Europe\\Paris", false)]
    [InlineData("Europe/Paris\0", false)]
    [InlineData("", false)]
    [InlineData("   ", false)]
    [InlineData(null, false)]
    public void Finds_iana_zones_and_never_throws(string? id, bool found)
    {
        Assert.Equal(found, RulingCalendar.TryFindZone(id, out var zone));
        Assert.NotNull(zone);
        if (found)
        {
            Assert.Equal(id, zone.Id);
        }
    }
}
