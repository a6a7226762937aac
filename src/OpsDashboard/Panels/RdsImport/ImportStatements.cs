using System.Text.RegularExpressions;

namespace OpsDashboard.Panels.RdsImport;

/// <summary>Reads the table out of the statements an import runs.</summary>
public static partial class ImportStatements
{
    public static string? TableOf(string? statement) =>
        statement is not null && Target().Match(statement) is { Success: true } m ? m.Groups["table"].Value : null;

    public static string Shorten(string statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var values = statement.IndexOf(" VALUES ", StringComparison.OrdinalIgnoreCase);
        var text = values > 0 ? statement[..values] + " VALUES (…)" : statement;
        return text.Length <= 120 ? text : string.Concat(text.AsSpan(0, 119), "…");
    }

    [GeneratedRegex(@"^\s*(INSERT\s+(IGNORE\s+)?INTO|REPLACE\s+INTO|LOAD\s+DATA\s+.*?INTO\s+TABLE|ALTER\s+TABLE|CREATE\s+(UNIQUE\s+)?INDEX\s+\S+\s+ON|LOCK\s+TABLES|CREATE\s+TABLE(\s+IF\s+NOT\s+EXISTS)?)\s+`?(?<schema>[^`.\s]+`?\.)?`?(?<table>[^`\s(]+)`?", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Target();
}
