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
        // Latin-1 maps each byte to one char, so a BLOB's raw bytes count as bytes (UTF-8 turned each invalid byte into 3).
        using var reader = new StreamReader(input, Encoding.Latin1, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        var tables = new List<(string Name, long Rows, long Bytes)>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        string? database = schema;
        string? line;
        TupleCounter? insert = null;
        var current = -1;
        while ((line = await reader.ReadLineAsync(cancellationToken)) is not null)
        {
            // An INSERT may put all its rows on one line (mysqldump) or one row per line (newer mariadb-dump).
            if (insert is not null)
            {
                if (insert.Feed(line))
                {
                    tables[current] = (tables[current].Name, tables[current].Rows + insert.Rows, tables[current].Bytes + insert.Bytes);
                    insert = null;
                }

                continue;
            }

            if (line.StartsWith("CREATE TABLE `", StringComparison.Ordinal))
            {
                var name = Identifier(line, "CREATE TABLE `".Length);
                index[name] = tables.Count;
                tables.Add((name, 0, 0));
            }
            else if (line.StartsWith("INSERT INTO `", StringComparison.Ordinal))
            {
                var name = Identifier(line, "INSERT INTO `".Length);
                if (!index.TryGetValue(name, out current))
                {
                    index[name] = current = tables.Count;
                    tables.Add((name, 0, 0));
                }

                insert = new TupleCounter();
                if (insert.Feed(line))
                {
                    tables[current] = (name, tables[current].Rows + insert.Rows, tables[current].Bytes + insert.Bytes);
                    insert = null;
                }
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

    /// <summary>Counts the (...) tuples of one single-line INSERT ... VALUES statement and the bytes inside them.</summary>
    public static (long Rows, long Bytes) CountTuples(string line)
    {
        var counter = new TupleCounter();
        counter.Feed(line);
        return (counter.Rows, counter.Bytes);
    }

    private static string Identifier(string line, int from)
    {
        var end = line.IndexOf('`', from);
        return end < 0
            ? throw new FormatException($"unterminated identifier in: {line[..Math.Min(80, line.Length)]}")
            : Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(line[from..end]));
    }
}
