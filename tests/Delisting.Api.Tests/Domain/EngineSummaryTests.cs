using Delisting.Api.Domain;

namespace Delisting.Api.Tests.Domain;

public class EngineSummaryTests
{
    [Fact]
    public void Each_status_is_counted_in_its_own_field_and_only_open_ones_keep_a_request_open()
    {
        var summary = EngineSummary.None;
        var count = 1;
        foreach (var status in ItemStatus.All) summary = summary.Add(status, count++, overdue: 0, lapsed: 0);

        Assert.Equal(new EngineSummary(Pending: 1, Acknowledged: 2, Delisted: 3, Rejected: 4, Withdrawn: 5, RelistPending: 6, Relisted: 7, Overdue: 0,
            Lapsed: 0), summary);
        Assert.Equal(28, summary.Total);
        Assert.Equal(1 + 2 + 6, summary.ActiveItems);
        Assert.Equal(1 + 2 + 6 - 4, summary.Add(ItemStatus.Pending, 0, 0, lapsed: 4).ActiveItems);
        Assert.All(ItemStatus.All.Select((s, i) => (s, i)), x => Assert.Equal(x.i + 1, summary.Of(x.s)));
    }

    [Theory]
    [InlineData("withdrawn", "closed")]
    [InlineData("relisted", "closed")]
    [InlineData("relist-pending", "open")]
    [InlineData("pending", "open")]
    public void A_request_is_open_while_an_item_is_open_and_not_lapsed(string status, string state)
    {
        var summary = new Dictionary<string, EngineSummary> { ["google"] = EngineSummary.None.Add(status, 1, 0, 0),
            ["bing"] = EngineSummary.None.Add("delisted", 2, 0, 0) };
        Assert.Equal(state, RequestStates.Of(summary));
        summary["google"] = summary["google"].Add(status, 0, 0, lapsed: ItemStatus.IsOpen(status) ? 1 : 0);
        Assert.Equal("closed", RequestStates.Of(summary));
    }

    [Theory]
    [InlineData("lapsed")]
    [InlineData("Withdrawn")]
    [InlineData("relist_pending")]
    [InlineData("")]
    public void An_unknown_status_is_an_error_never_counted_as_another(string status)
    {
        Assert.Throws<InvalidOperationException>(() => EngineSummary.None.Add(status, 1, 0, 0));
        Assert.Throws<InvalidOperationException>(() => EngineSummary.None.Of(status));
    }
}
