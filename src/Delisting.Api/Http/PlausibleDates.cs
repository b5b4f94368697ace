using FluentValidation;

namespace Delisting.Api.Http;

/// <summary>
/// Dates with legal meaning (a ruling's decision, service, end of force) fall between 1990-01-01 and 2100-12-31:
/// anything outside is a typing mistake (0001-01-01, 9999-12-31) that would otherwise skew deadlines and
/// compliance for years.
/// </summary>
public static class PlausibleDates
{
    public static readonly DateOnly Earliest = new(1990, 1, 1);
    public static readonly DateOnly Latest = new(2100, 12, 31);

    public static IRuleBuilderOptions<T, DateOnly?> PlausibleDate<T>(this IRuleBuilder<T, DateOnly?> rule) =>
        rule.Must(date => date is null || (date >= Earliest && date <= Latest))
            .WithMessage((_, date)
                => $"{date:yyyy-MM-dd} is not a plausible date for a ruling: use a date between {Earliest:yyyy-MM-dd} and {Latest:yyyy-MM-dd}.");
}
