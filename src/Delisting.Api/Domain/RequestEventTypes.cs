namespace Delisting.Api.Domain;

/// <summary>The types of a request's audit-trail events, as the events table's CHECK lists them.</summary>
public static class RequestEventTypes
{
    public const string Submitted = "submitted", StatusChanged = "status-changed", Withdrawn = "withdrawn", Reopened = "reopened";

    public static readonly IReadOnlyList<string> All = [Submitted, StatusChanged, Withdrawn, Reopened];
}
