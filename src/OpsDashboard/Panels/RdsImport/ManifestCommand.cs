namespace OpsDashboard.Panels.RdsImport;

/// <summary>
/// <c>OpsDashboard manifest --dump FILE | --source CONNECTION --schema NAME [--estimate-rows] --out FILE</c>: writes the
/// manifest an import is measured against, from a mysqldump file (.sql or .sql.gz, not loaded) or a source database.
/// </summary>
public static class ManifestCommand
{
    public const string Name = "manifest";

    private const string Usage = """
        usage: manifest --dump FILE.sql[.gz] [--schema NAME] --out MANIFEST.json
               manifest --source "Server=...;User ID=...;Password=..." --schema NAME [--estimate-rows] --out MANIFEST.json
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                await error.WriteLineAsync($"manifest: unexpected \"{args[i]}\"\n{Usage}");
                return 2;
            }

            var takesValue = args[i] is not ("--estimate-rows" or "--help");
            options[args[i]] = takesValue && i + 1 < args.Count ? args[++i] : null;
        }

        if (options.ContainsKey("--help") || !options.TryGetValue("--out", out var outPath) || outPath is null || (options.ContainsKey("--dump") == options.ContainsKey("--source")))
        {
            await error.WriteLineAsync(Usage);
            return options.ContainsKey("--help") ? 0 : 2;
        }

        try
        {
            var manifest = options.TryGetValue("--dump", out var dump) && dump is not null
                ? await DumpScanner.ScanAsync(dump, options.GetValueOrDefault("--schema"), cancellationToken)
                : await DatabaseManifest.ReadAsync(options["--source"]!, options.GetValueOrDefault("--schema") ?? throw new FormatException("--schema is required with --source"), !options.ContainsKey("--estimate-rows"), cancellationToken);

            // Written whole or not at all: a temp file renamed over the target.
            var temp = outPath + ".tmp";
            await File.WriteAllTextAsync(temp, manifest.ToJson(), cancellationToken);
            File.Move(temp, outPath, overwrite: true);
            await output.WriteLineAsync($"{outPath}: {manifest.Tables.Count} tables, {manifest.TotalRows:N0} rows, {Bytes.Format(manifest.TotalBytes)} ({manifest.BytesMeaning})");
            return 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or ImportSetupException or ArgumentException)
        {
            await error.WriteLineAsync($"manifest: {ex.Message}");
            return 1;
        }
    }
}
