namespace OpsDashboard.Panels.Pods;

/// <summary>"1 restart", "3 restarts": a count with its noun in the right number.</summary>
public static class Counted
{
    public static string Of(int count, string one, string? many = null) => $"{count} {(count == 1 ? one : many ?? one + "s")}";
}
