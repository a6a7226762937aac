using System.Globalization;

namespace OpsDashboard;

/// <summary>Byte counts in decimal units, as CloudWatch and RDS report them.</summary>
public static class Bytes
{
    private static readonly string[] Units = ["B", "kB", "MB", "GB", "TB", "PB"];

    public static string Format(double bytes)
    {
        var unit = 0;
        while (Math.Abs(bytes) >= 1000 && unit < Units.Length - 1)
        {
            bytes /= 1000;
            unit++;
        }

        var format = unit == 0 ? "0" : "0.#";
        return $"{bytes.ToString(format, CultureInfo.InvariantCulture)} {Units[unit]}";
    }
}
