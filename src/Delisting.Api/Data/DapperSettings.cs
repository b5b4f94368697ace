using System.Data;
using Dapper;

namespace Delisting.Api.Data;

/// <summary>
/// Dapper's process-wide settings, in one place: snake_case columns map to PascalCase members, and instants and
/// dates are written in <see cref="ValueEncoding"/>'s one format per provider (Dapper's own mapping of
/// DateTimeOffset and DateOnly is removed so that the handlers also apply to parameters).
/// </summary>
public static class DapperSettings
{
    private static int applied;

    public static void Apply()
    {
        if (Interlocked.Exchange(ref applied, 1) == 1) return;
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
        SqlMapper.RemoveTypeMap(typeof(DateOnly));
        SqlMapper.RemoveTypeMap(typeof(DateOnly?));
        SqlMapper.AddTypeHandler(new InstantHandler());
        SqlMapper.AddTypeHandler(new DateHandler());
    }

    private sealed class InstantHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value) => ValueEncoding.Bind(parameter, value);

        public override DateTimeOffset Parse(object value) => ValueEncoding.ReadInstant(value);
    }

    private sealed class DateHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override void SetValue(IDbDataParameter parameter, DateOnly value) => ValueEncoding.Bind(parameter, value);

        public override DateOnly Parse(object value) => ValueEncoding.ReadDate(value);
    }
}
