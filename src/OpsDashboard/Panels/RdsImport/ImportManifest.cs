using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpsDashboard.Panels.RdsImport;

/// <summary>One table an import is expected to load: rows and bytes, in load order.</summary>
public sealed record ManifestTable(string Name, long Rows, long Bytes);

/// <summary>
/// What an import should end up with: the tables in load order with their rows and bytes. Written by the
/// <c>manifest</c> command from a source database (bytes = InnoDB data + index) or from a mysqldump file (bytes = the
/// size of the row data in the dump, a close estimate; see docs).
/// </summary>
public sealed record ImportManifest(string Schema, string Source, string BytesMeaning, IReadOnlyList<ManifestTable> Tables)
{
    public const string BytesFromDatabase = "InnoDB data_length + index_length";
    public const string BytesFromDump = "bytes of row data in the dump";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Rows are InnoDB's estimates (a live manifest from the source), not counts: a loaded table may have fewer.</summary>
    public bool RowsAreEstimates { get; init; }

    public long TotalRows => Tables.Sum(t => t.Rows);

    public long TotalBytes => Tables.Sum(t => t.Bytes);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a manifest file, with a message naming the file and the problem when it cannot.</summary>
    public static ImportManifest Load(string path)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize<ImportManifest>(File.ReadAllText(path), Json)
                ?? throw new FormatException("the file is empty");
            if (manifest.Tables is not { Count: > 0 })
            {
                throw new FormatException("it lists no tables");
            }

            return manifest;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or FormatException)
        {
            throw new FormatException($"Manifest {path} cannot be used: {ex.Message}. Write one with: dotnet run --project src/OpsDashboard -- manifest --help", ex);
        }
    }
}
