using Delisting.Api.Domain;

namespace Delisting.Api.Tests.Domain;

public class ItemStatusTests
{
    [Theory]
    [InlineData("pending", "pending", false)]
    [InlineData("pending", "acknowledged", true)]
    [InlineData("pending", "delisted", true)]
    [InlineData("pending", "rejected", true)]
    [InlineData("acknowledged", "pending", false)]
    [InlineData("acknowledged", "acknowledged", false)]
    [InlineData("acknowledged", "delisted", true)]
    [InlineData("acknowledged", "rejected", true)]
    [InlineData("delisted", "pending", false)]
    [InlineData("delisted", "acknowledged", false)]
    [InlineData("delisted", "delisted", false)]
    [InlineData("delisted", "rejected", false)]
    [InlineData("rejected", "pending", false)]
    [InlineData("rejected", "acknowledged", false)]
    [InlineData("rejected", "delisted", true)]
    [InlineData("rejected", "rejected", false)]
    [InlineData("Pending", "delisted", false)]
    [InlineData("pending", "DELISTED", false)]
    [InlineData("pending", "overdue", false)]
    [InlineData("", "delisted", false)]
    public void Allows_exactly_the_contract_transitions(string from, string to, bool allowed)
    {
        Assert.Equal(allowed, ItemStatus.CanTransition(from, to));
    }

    [Theory]
    [InlineData("pending", new string[0])]
    [InlineData("acknowledged", new[] { "pending" })]
    [InlineData("delisted", new[] { "pending", "acknowledged", "rejected" })]
    [InlineData("rejected", new[] { "pending", "acknowledged" })]
    [InlineData("unknown", new string[0])]
    public void Lists_the_statuses_a_status_can_be_reached_from(string to, string[] expected)
    {
        Assert.Equal(expected, ItemStatus.AllowedFrom(to));
    }

    [Fact]
    public void AllowedFrom_agrees_with_CanTransition_for_every_pair()
    {
        foreach (var to in ItemStatus.All)
        {
            foreach (var from in ItemStatus.All)
            {
                Assert.Equal(ItemStatus.CanTransition(from, to), ItemStatus.AllowedFrom(to).Contains(from));
            }
        }
    }

    [Theory]
    [InlineData("pending", true, true)]
    [InlineData("acknowledged", true, true)]
    [InlineData("delisted", true, false)]
    [InlineData("rejected", true, false)]
    [InlineData("overdue", false, false)]
    [InlineData("PENDING", false, false)]
    [InlineData("", false, false)]
    public void Knows_statuses_and_which_are_open(string status, bool known, bool open)
    {
        Assert.Equal(known, ItemStatus.IsKnown(status));
        Assert.Equal(open, ItemStatus.IsOpen(status));
    }

    [Fact]
    public void Lists_all_statuses_in_contract_order()
    {
        Assert.Equal(["pending", "acknowledged", "delisted", "rejected"], ItemStatus.All);
        Assert.False(ItemStatus.IsKnown(null));
    }
}
