using System.Globalization;

namespace OpsDashboard.Reports.GitHub;

/// <summary>Search query text: qualifiers batched so that no query is longer than GitHub takes, and merged-date ranges.</summary>
public static class SearchQueries
{
    /// <summary>
    /// <paramref name="prefix"/> followed by as many of <paramref name="qualifiers"/> as fit in <paramref name="maxLength"/>
    /// characters, as few queries as greedy packing gives; every qualifier lands in exactly one query.
    /// </summary>
    public static IReadOnlyList<string> Batch(string prefix, IEnumerable<string> qualifiers, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(qualifiers);
        var queries = new List<string>();
        var current = prefix;
        var empty = true;
        foreach (var qualifier in qualifiers)
        {
            if (prefix.Length + 1 + qualifier.Length > maxLength)
            {
                throw new ReportInputException($"\"{qualifier}\" is too long for a search query of at most {maxLength} characters.");
            }

            if (!empty && current.Length + 1 + qualifier.Length > maxLength)
            {
                queries.Add(current);
                current = prefix;
            }

            current += " " + qualifier;
            empty = false;
        }

        if (!empty)
        {
            queries.Add(current);
        }

        return queries;
    }

    /// <summary>
    /// GitHub's <c>merged:</c> range for [start, end): GitHub's ranges include both ends, so the end is the last second
    /// inside. Whole days are written as dates (merged:2017-11-14..2017-12-05), anything else as UTC times.
    /// </summary>
    public static string MergedRange(DateTimeOffset start, DateTimeOffset end)
    {
        var last = end.AddSeconds(-1);
        return IsMidnight(start) && IsMidnight(end)
            ? string.Create(CultureInfo.InvariantCulture, $"merged:{start.UtcDateTime:yyyy-MM-dd}..{last.UtcDateTime:yyyy-MM-dd}")
            : $"merged:{Time(start)}..{Time(last)}";
    }

    /// <summary>Merged strictly before <paramref name="instant"/>.</summary>
    public static string MergedBefore(DateTimeOffset instant) =>
        IsMidnight(instant) ? string.Create(CultureInfo.InvariantCulture, $"merged:<{instant.UtcDateTime:yyyy-MM-dd}") : $"merged:<{Time(instant)}";

    private static bool IsMidnight(DateTimeOffset instant) => instant.UtcTicks % TimeSpan.TicksPerDay == 0;

    private static string Time(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The search API's address for <paramref name="query"/>, <paramref name="pageSize"/> results a page.</summary>
    public static Uri SearchUri(string query, int pageSize) => new(
        string.Create(CultureInfo.InvariantCulture, $"search/issues?q={Uri.EscapeDataString(query)}&per_page={pageSize}"), UriKind.Relative);
}
