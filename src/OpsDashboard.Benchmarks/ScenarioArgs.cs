using System.Globalization;

namespace OpsDashboard.Benchmarks;

/// <summary>Reads a scenario's <c>--name value</c> options.</summary>
public static class ScenarioArgs
{
    public static int Number(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
