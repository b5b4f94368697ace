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
    [InlineData("relist-pending", "relisted", true)]
    [InlineData("pending", "relisted", false)]
    [InlineData("acknowledged", "relisted", false)]
    [InlineData("delisted", "relisted", false)]
    [InlineData("rejected", "relisted", false)]
    [InlineData("withdrawn", "relisted", false)]
    [InlineData("relisted", "relisted", false)]
    [InlineData("withdrawn", "acknowledged", false)]
    [InlineData("withdrawn", "rejected", false)]
    [InlineData("relist-pending", "delisted", false)]
    [InlineData("relisted", "delisted", false)]
    [InlineData("pending", "withdrawn", false)]
    [InlineData("delisted", "relist-pending", false)]
    [InlineData("withdrawn", "pending", false)]
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
    [InlineData("relisted", new[] { "relist-pending" })]
    [InlineData("withdrawn", new string[0])]
    [InlineData("relist-pending", new string[0])]
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
    [InlineData("withdrawn", true, false)]
    [InlineData("relist-pending", true, true)]
    [InlineData("relisted", true, false)]
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
        Assert.Equal(["pending", "acknowledged", "delisted", "rejected", "withdrawn", "relist-pending", "relisted"], ItemStatus.All);
        Assert.False(ItemStatus.IsKnown(null));
    }

    // Every status against every cause: the end of the last claim, a new claim, and each engine report.
    [Theory]
    [InlineData("pending", "withdrawn", null, "acknowledged", "delisted", "rejected", null)]
    [InlineData("acknowledged", "withdrawn", null, null, "delisted", "rejected", null)]
    [InlineData("delisted", "relist-pending", null, null, null, null, null)]
    [InlineData("rejected", "withdrawn", null, null, "delisted", null, null)]
    [InlineData("withdrawn", null, "pending", null, "relist-pending", null, null)]
    [InlineData("relist-pending", null, "pending", null, null, null, "relisted")]
    [InlineData("relisted", null, "pending", null, null, null, null)]
    public void Moves_every_status_by_every_cause(string from, string? lastClaimEnded, string? claimedAgain,
        string? acknowledged, string? delisted, string? rejected, string? relisted)
    {
        Assert.Equal(lastClaimEnded, ItemStatus.After(from, ItemStatus.LastClaimEnded));
        Assert.Equal(claimedAgain, ItemStatus.After(from, ItemStatus.ClaimedAgain));
        Assert.Equal(acknowledged, ItemStatus.Reported(from, "acknowledged"));
        Assert.Equal(delisted, ItemStatus.Reported(from, "delisted"));
        Assert.Equal(rejected, ItemStatus.Reported(from, "rejected"));
        Assert.Equal(relisted, ItemStatus.Reported(from, "relisted"));
        // Only an engine's statuses can be reported, and claim causes are not statuses.
        Assert.Null(ItemStatus.Reported(from, "pending"));
        Assert.Null(ItemStatus.Reported(from, "withdrawn"));
        Assert.Null(ItemStatus.Reported(from, "relist-pending"));
        Assert.Null(ItemStatus.Reported(from, ItemStatus.LastClaimEnded));
    }

    [Fact]
    public void The_open_statuses_in_SQL_are_the_open_list()
    {
        Assert.Equal(ItemStatus.OpenSql, string.Join(", ", ItemStatus.Open.Select(s => $"'{s}'")));
        Assert.Equal(["pending", "acknowledged", "relist-pending"], ItemStatus.Open);
    }

    // Claim moves are planned by one statement with a slot per move (ClaimMoves.StageMoves has four), and planned again
    // after a concurrent report without looking at what this session moved already: an item it moved stands at a status
    // the cause never moves from.
    [Theory]
    [InlineData(ItemStatus.LastClaimEnded)]
    [InlineData(ItemStatus.ClaimedAgain)]
    public void A_claim_cause_never_moves_an_item_it_moved(string cause)
    {
        var moves = ItemStatus.MovesOn(cause);
        Assert.InRange(moves.Count, 1, 4);
        Assert.Empty(moves.Select(m => m.To).Intersect(moves.Select(m => m.From)));
    }
}
