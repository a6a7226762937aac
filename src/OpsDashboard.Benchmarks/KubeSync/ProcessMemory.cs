using System.Globalization;

namespace OpsDashboard.Benchmarks.KubeSync;

/// <summary>This process's resident memory from /proc/self/status: now (VmRSS) and the peak so far (VmHWM).</summary>
public readonly record struct ProcessMemory(long RssBytes, long PeakRssBytes)
{
    public static ProcessMemory Read()
    {
        long Field(string[] lines, string name) =>
            lines.Where(l => l.StartsWith(name, StringComparison.Ordinal))
                .Select(l => long.Parse(l[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024)
                .Single();

        var status = File.ReadAllLines("/proc/self/status");
        return new ProcessMemory(Field(status, "VmRSS:"), Field(status, "VmHWM:"));
    }
}
