using System.Diagnostics;
using System.Globalization;

namespace OpsDashboard.Benchmarks.Server;

/// <summary>Linux /proc readings of a process and of the machine.</summary>
public static class ProcFs
{
    private static readonly Lazy<long> TicksPerSecond = new(ReadClockTicks);

    /// <summary>VmRSS from /proc/PID/status: resident memory, in bytes.</summary>
    public static long ReadRssBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kib = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return kib * 1024;
    }

    /// <summary>
    /// Lines of a /proc file such as /proc/self/maps (a process stops with "Out of memory." when it reaches the machine's
    /// vm.max_map_count, whatever its heap): a long run logs it to tell such a stop from a leak.
    /// </summary>
    public static int CountLines(string path) => File.ReadLines(path).Count();

    /// <summary>Entries of a /proc directory such as /proc/self/fd: open files and sockets.</summary>
    public static int CountEntries(string path) => Directory.EnumerateFileSystemEntries(path).Count();

    /// <summary>utime + stime from /proc/PID/stat: CPU the process has used on all its threads.</summary>
    public static TimeSpan ReadCpuTime(int pid) => ToTime(ReadStat(pid)!.Value.CpuTicks);

    /// <summary>
    /// CPU used by <paramref name="root"/> and every process below it, less the subtree of <paramref name="except"/>:
    /// for this runner, the Playwright driver and Chromium, without the app.
    /// </summary>
    public static TimeSpan ReadTreeCpuTime(int root, int except)
    {
        var stats = Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? ReadStat(pid) : null)
            .OfType<(int Pid, int Parent, long CpuTicks)>()
            .ToList();
        var children = stats.ToLookup(s => s.Parent);
        var ticks = 0L;
        var pending = new Stack<(int Pid, int Parent, long CpuTicks)>(stats.Where(s => s.Pid == root));
        while (pending.TryPop(out var process))
        {
            ticks += process.CpuTicks;
            foreach (var child in children[process.Pid].Where(c => c.Pid != except))
            {
                pending.Push(child);
            }
        }

        return ToTime(ticks);
    }

    /// <summary>Busy and total jiffies over all cores, from the first line of /proc/stat.</summary>
    public static (long Busy, long Total) ReadMachineJiffies()
    {
        var values = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var total = values.Take(8).Sum();
        var idle = values[3] + values[4];
        return (total - idle, total);
    }

    private static (int Pid, int Parent, long CpuTicks)? ReadStat(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null; // the process ended between listing and reading
        }

        // The command name may hold spaces; fields are counted from after its closing parenthesis (field 3, state).
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var parent = int.Parse(fields[4 - 3], CultureInfo.InvariantCulture);
        var ticks = long.Parse(fields[14 - 3], CultureInfo.InvariantCulture) + long.Parse(fields[15 - 3], CultureInfo.InvariantCulture);
        return (pid, parent, ticks);
    }

    private static TimeSpan ToTime(long ticks) => TimeSpan.FromSeconds((double)ticks / TicksPerSecond.Value);

    private static long ReadClockTicks()
    {
        using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true })!;
        var output = getconf.StandardOutput.ReadToEnd();
        getconf.WaitForExit();
        return long.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }
}
