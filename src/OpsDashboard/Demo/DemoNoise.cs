using System.Text;

namespace OpsDashboard.Demo;

/// <summary>Deterministic noise: the same key and bucket always give the same number, so the demo is a pure function of time.</summary>
internal static class DemoNoise
{
    /// <summary>A number in [0, 1) for this key in this time bucket.</summary>
    public static double Unit(string key, long bucket)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        for (var i = 0; i < 8; i++)
        {
            hash = (hash ^ (byte)(bucket >> (i * 8))) * 1099511628211UL;
        }

        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        return (hash >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>A stable index in [0, <paramref name="count"/>) for this key, the same in every process.</summary>
    public static int Index(string key, int count) => (int)(Unit(key, 0) * count);

    public static bool Chance(string key, long bucket, double probability) => Unit(key, bucket) < probability;

    public static string Hex(string key, long bucket, int length)
    {
        var sb = new StringBuilder(length);
        for (var i = 0; sb.Length < length; i++)
        {
            sb.Append(((int)(Unit(key, (bucket * 64) + i) * 16)).ToString("x", System.Globalization.CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }
}
