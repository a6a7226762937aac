using System.IO.Compression;
using System.Text;

namespace OpsDashboard.Panels.RdsImport;

/// <summary>
/// Reads a mysqldump file (.sql or .sql.gz) without loading it: tables in the order they are created, rows counted
/// from the INSERT statements' value tuples (quotes, escapes and parentheses inside strings handled), and bytes of row
/// data. Streams: a 30 GB dump costs a few buffers, not 30 GB.
/// </summary>
public static class DumpScanner
{
    public static async Task<ImportManifest> ScanAsync(string path, string? schema, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        await using Stream input = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(input, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        var tables = new List<(string Name, long Rows, long Bytes)>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        string? database = schema;
        string? line;
        while ((line = await reader.ReadLineAsync(cancellationToken)) is not null)
        {
            if (line.StartsWith("CREATE TABLE `", StringComparison.Ordinal))
            {
                var name = Identifier(line, "CREATE TABLE `".Length);
                index[name] = tables.Count;
                tables.Add((name, 0, 0));
            }
            else if (line.StartsWith("INSERT INTO `", StringComparison.Ordinal))
            {
                var name = Identifier(line, "INSERT INTO `".Length);
                if (!index.TryGetValue(name, out var i))
                {
                    index[name] = i = tables.Count;
                    tables.Add((name, 0, 0));
                }

                var (rows, bytes) = CountTuples(line);
                tables[i] = (name, tables[i].Rows + rows, tables[i].Bytes + bytes);
            }
            else if (database is null && line.StartsWith("USE `", StringComparison.Ordinal))
            {
                database = Identifier(line, "USE `".Length);
            }
        }

        if (tables.Count == 0)
        {
            throw new FormatException($"{path} has no CREATE TABLE or INSERT INTO statements: is it a mysqldump file?");
        }

        return new ImportManifest(database ?? "", $"dump {Path.GetFileName(path)}", ImportManifest.BytesFromDump, [.. tables.Select(t => new ManifestTable(t.Name, t.Rows, t.Bytes))]);
    }

    /// <summary>Counts the (...) tuples of one INSERT ... VALUES line and the bytes inside them.</summary>
    public static (long Rows, long Bytes) CountTuples(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var start = line.IndexOf(" VALUES ", StringComparison.Ordinal);
        if (start < 0)
        {
            return (0, 0);
        }

        long rows = 0, bytes = 0;
        var depth = 0;
        var inString = false;
        var tupleStart = 0;
        for (var i = start + 8; i < line.Length; i++)
        {
            var c = line[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '\'')
                {
                    inString = false;
                }

                continue;
            }

            switch (c)
            {
                case '\'':
                    inString = true;
                    break;
                case '(':
                    if (depth++ == 0)
                    {
                        tupleStart = i;
                    }

                    break;
                case ')':
                    if (--depth == 0)
                    {
                        rows++;
                        bytes += Encoding.UTF8.GetByteCount(line.AsSpan(tupleStart + 1, i - tupleStart - 1));
                    }

                    break;
            }
        }

        return (rows, bytes);
    }

    private static string Identifier(string line, int from)
    {
        var end = line.IndexOf('`', from);
        return end < 0 ? throw new FormatException($"unterminated identifier in: {line[..Math.Min(80, line.Length)]}") : line[from..end];
    }
}
