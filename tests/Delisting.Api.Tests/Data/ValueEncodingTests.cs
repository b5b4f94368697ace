using System.Globalization;
using Delisting.Api.Data;

namespace Delisting.Api.Tests.Data;

public sealed class ValueEncodingTests
{
    [Theory]
    [InlineData("2026-11-29T09:00:00.0000000Z")]
    [InlineData("2027-03-28T22:00:00.0000000Z")]
    [InlineData("2024-02-29T23:59:59.9999999Z")]
    [InlineData("0001-01-01T00:00:00.0000001Z")]
    [InlineData("9999-12-31T23:59:59.1234567Z")]
    public void A_stored_instant_reads_back_exactly(string stored)
    {
        Assert.True(ValueEncoding.TryParseStored(stored, out var value));
        Assert.Equal(DateTimeOffset.Parse(stored, CultureInfo.InvariantCulture), value);
        Assert.Equal(TimeSpan.Zero, value.Offset);
        Assert.Equal(stored, ValueEncoding.FormatInstant(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2026-11-29T09:00:00Z")]
    [InlineData("2026-11-29T09:00:00.0000000+01:00")]
    [InlineData("2026-13-29T09:00:00.0000000Z")]
    [InlineData("2026-02-30T09:00:00.0000000Z")]
    [InlineData("2026-11-29T24:00:00.0000000Z")]
    [InlineData("2026-11-29T-1:00:00.0000000Z")]
    [InlineData("2026-11-29T09:60:00.0000000Z")]
    [InlineData("2026-11-29T09:00:00.000000xZ")]
    [InlineData("2026/11/29T09:00:00.0000000Z")]
    public void Anything_else_is_left_to_the_general_parser(string text) =>
        Assert.False(ValueEncoding.TryParseStored(text, out _));
}
