using System.Globalization;
using System.Text;

namespace OpsDashboard.Tests.TestSupport;

/// <summary>
/// Writes a SQL file that creates and fills tables of different sizes (a stand-in for a production snapshot), in
/// the shape mysqldump uses: CREATE TABLE, then extended INSERTs of about 1 MB each.
/// </summary>
public static class SyntheticSchema
{
    public static (string Table, long Rows)[] Write(string path, int tables, long totalBytes)
    {
        // Table k gets a share proportional to k, so sizes range from small to large like a real schema's.
        var weights = Enumerable.Range(1, tables).Select(k => (double)k).ToArray();
        var sum = weights.Sum();
        var random = new Random(20171205);
        var result = new (string, long)[tables];
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 20);
        writer.WriteLine("SET NAMES utf8mb4;");
        writer.WriteLine("SET unique_checks=0, foreign_key_checks=0;");
        for (var t = 0; t < tables; t++)
        {
            var name = $"t{t + 1:00}_{(t % 3 == 0 ? "questions" : t % 3 == 1 ? "answers" : "revisions")}";
            writer.WriteLine($"DROP TABLE IF EXISTS `{name}`;");
            writer.WriteLine($"CREATE TABLE `{name}` (\n  `id` int NOT NULL,\n  `title` varchar(120) NOT NULL,\n  `score` int NOT NULL,\n  `created` datetime NOT NULL,\n  `body` text NOT NULL,\n  PRIMARY KEY (`id`),\n  KEY `score` (`score`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;");
            var budget = (long)(totalBytes * weights[t] / sum);
            long rows = 0, written = 0;
            var statement = new StringBuilder();
            while (written < budget)
            {
                statement.Clear().Append("INSERT INTO `").Append(name).Append("` VALUES ");
                var first = true;
                while (statement.Length < 1_000_000 && written < budget)
                {
                    rows++;
                    var body = new string((char)('a' + random.Next(26)), 150 + random.Next(300)).Replace("aaa", "it\\'s \\\"q\\\"", StringComparison.Ordinal);
                    var tuple = string.Create(CultureInfo.InvariantCulture, $"({rows},'Question {rows} about (parentheses), commas',{random.Next(1000)},'2017-12-05 10:{rows % 60:00}:00','{body}')");
                    statement.Append(first ? "" : ",").Append(tuple);
                    written += tuple.Length;
                    first = false;
                }

                writer.Write(statement.Append(';').AppendLine());
            }

            result[t] = (name, rows);
        }

        return result;
    }
}
