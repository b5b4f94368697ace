using Delisting.Api.Domain;

namespace Delisting.Api.Tests.Domain;

/// <summary>The one deadline rule of a site window (<see cref="SiteWindow.DeadlineFor"/>) with a response time.</summary>
public sealed class UrgentDeadlineTests
{
    private static SiteWindow Window(string opens, string? responseTime, int? days = null) =>
        new("live-foot.example", null, null, null, DateOnly.Parse(opens), new DateOnly(2027, 12, 31), null, days,
            responseTime is null ? null : System.Xml.XmlConvert.ToTimeSpan(responseTime));

    private static TimeZoneInfo Paris => RulingCalendar.TryFindZone("Europe/Paris", out var zone) ? zone : throw new InvalidOperationException();

    [Theory]
    // Submitted inside the window: exactly the response time after the submission, to the second.
    [InlineData("2027-03-01", "2027-03-28T00:30:00Z", "PT1H", "2027-03-28T01:30:00Z")]
    [InlineData("2027-03-01", "2027-03-27T01:30:00Z", "P1D", "2027-03-28T01:30:00Z")]
    [InlineData("2027-03-01", "2027-10-30T23:15:07Z", "PT2H", "2027-10-31T01:15:07Z")]
    // A window that opens later: counted from the start of its first day in Paris (midnight CEST is 22:00Z the day before).
    [InlineData("2027-04-02", "2027-03-28T00:30:00Z", "PT1H", "2027-04-01T23:00:00Z")]
    [InlineData("2027-03-29", "2027-03-28T10:00:00Z", "PT5M", "2027-03-28T22:05:00Z")]
    // The window's first day is the spring change: it starts at midnight CET (23:00Z the day before).
    [InlineData("2027-03-28", "2027-03-27T12:00:00Z", "PT4H", "2027-03-28T03:00:00Z")]
    public void An_urgent_deadline_is_max_of_submission_and_window_start_plus_the_response_time(
        string opens, string submitted, string responseTime, string expected)
    {
        var deadline = Window(opens, responseTime).DeadlineFor(DateTimeOffset.Parse(submitted), Paris);
        Assert.Equal(DateTimeOffset.Parse(expected), deadline);
        Assert.Equal(TimeSpan.Zero, deadline.Offset);
    }

    [Theory]
    [InlineData("2026-11-20", "2026-11-29T22:59:59Z", "2026-12-14T23:00:00Z")]
    [InlineData("2026-11-20", "2026-11-29T23:00:00Z", "2026-12-15T23:00:00Z")]
    [InlineData("2026-12-10", "2026-11-29T10:00:00Z", "2026-12-25T23:00:00Z")]
    public void A_day_based_deadline_is_the_end_of_the_last_day_counted_from_the_later_of_window_start_and_submission_day(
        string opens, string submitted, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected), Window(opens, null, 15).DeadlineFor(DateTimeOffset.Parse(submitted), Paris));
    }

    [Theory]
    [InlineData("PT5M", true)]
    [InlineData("P30D", true)]
    [InlineData("P1DT2H3M4S", true)]
    [InlineData("PT4M", false)]
    [InlineData("P1Y", false)]
    [InlineData("P1W", true)]
    [InlineData("P4W", true)]
    [InlineData("P5W", false)]
    [InlineData("P1W2D", false)]
    [InlineData("PT1W", false)]
    [InlineData("P-1W", false)]
    [InlineData("PW", false)]
    [InlineData("P99999W", false)]
    [InlineData("PT1.0S", false)]
    [InlineData("-P1D", false)]
    [InlineData(null, false)]
    public void Response_times_are_parsed_by_the_framework_and_bounded(string? text, bool valid)
    {
        Assert.Equal(valid, ResponseTimes.TryParse(text, out _, out var error));
        Assert.Equal(valid, error is null);
    }
}
