using System.IO.Compression;
using OpsDashboard.Panels.RdsImport;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Panels.RdsImport;

public sealed class DumpScannerTests : IDisposable
{
    private const string Dump = """
        -- MariaDB dump 10.19  Distrib 10.11.19-MariaDB
        USE `kitsune`;
        DROP TABLE IF EXISTS `wiki_document`;
        CREATE TABLE `wiki_document` (
          `id` int NOT NULL,
          `title` varchar(255) NOT NULL,
          PRIMARY KEY (`id`)
        ) ENGINE=InnoDB;
        INSERT INTO `wiki_document` VALUES (1,'Firefox (desktop)'),(2,'it\'s \"quoted\", (with) parens;'),(3,'back\\slash');
        INSERT INTO `wiki_document` VALUES (4,'x');
        CREATE TABLE `auth_user` (
          `id` int NOT NULL
        ) ENGINE=InnoDB;
        INSERT INTO `auth_user` (`id`, `name`) VALUES
        (1,'a'),
        (2,'b;c'),
        (3,'d');
        CREATE TABLE `empty_table` (`id` int) ENGINE=InnoDB;
        """;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Counts_rows_in_load_order_for_single_line_and_one_row_per_line_inserts()
    {
        var path = _dir.File("dump.sql");
        await File.WriteAllTextAsync(path, Dump);

        var manifest = await DumpScanner.ScanAsync(path, null, CancellationToken.None);

        Assert.Equal("kitsune", manifest.Schema);
        Assert.Equal([("wiki_document", 4L), ("auth_user", 3L), ("empty_table", 0L)], manifest.Tables.Select(t => (t.Name, t.Rows)));
        string[] tuples = ["1,'Firefox (desktop)'", """2,'it\'s \"quoted\", (with) parens;'""", @"3,'back\\slash'", "4,'x'"];
        Assert.Equal(tuples.Sum(t => t.Length), manifest.Tables[0].Bytes);
        Assert.Equal(ImportManifest.BytesFromDump, manifest.BytesMeaning);
    }

    [Fact]
    public async Task A_blob_counts_its_bytes_in_the_dump_once_and_a_utf8_table_name_is_kept()
    {
        var path = _dir.File("blob.sql");
        var blob = Enumerable.Range(0, 1000).Select(i => (byte)(0x80 + (i % 0x7f))).ToArray();
        await using (var file = File.Create(path))
        {
            await file.WriteAsync(System.Text.Encoding.UTF8.GetBytes("CREATE TABLE `résumé` (`id` int, `data` longblob);\nINSERT INTO `résumé` VALUES (1,'"));
            await file.WriteAsync(blob);
            await file.WriteAsync("');\n"u8.ToArray());
        }

        var manifest = await DumpScanner.ScanAsync(path, "kitsune", CancellationToken.None);

        Assert.Equal("résumé", manifest.Tables.Single().Name);
        Assert.Equal("1,''".Length + blob.Length, manifest.Tables.Single().Bytes);
    }

    [Fact]
    public async Task A_hex_blob_counts_one_byte_per_two_digits()
    {
        var path = _dir.File("hexblob.sql");
        await File.WriteAllTextAsync(path, "CREATE TABLE `files` (`id` int, `data` longblob);\nINSERT INTO `files` VALUES (1,0x414243444546),(2,'ab');\n");

        var manifest = await DumpScanner.ScanAsync(path, "kitsune", CancellationToken.None);

        Assert.Equal("1,".Length + 6 + "2,'ab'".Length, manifest.Tables.Single().Bytes);
        Assert.Equal(2, manifest.Tables.Single().Rows);
    }

    [Theory]
    [InlineData("CREATE TABLE `wiki_revision` (\n  `id` int NOT NULL", "wiki_revision")]
    [InlineData("CREATE TABLE IF NOT EXISTS `kitsune`.`wiki_revision` (`id` int)", "wiki_revision")]
    [InlineData("INSERT INTO `wiki_document` VALUES (1,'a')", "wiki_document")]
    [InlineData("ALTER TABLE `wiki_document` ENABLE KEYS", "wiki_document")]
    [InlineData("SET NAMES utf8mb4", null)]
    public void A_running_statement_names_its_table(string statement, string? table) => Assert.Equal(table, ImportStatements.TableOf(statement));

    [Fact]
    public async Task Reads_gzipped_dumps_without_unpacking_them_to_disk()
    {
        var path = _dir.File("dump.sql.gz");
        await using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        await using (var writer = new StreamWriter(gz))
        {
            await writer.WriteAsync(Dump);
        }

        var manifest = await DumpScanner.ScanAsync(path, "kitsune", CancellationToken.None);

        Assert.Equal(7, manifest.TotalRows);
    }

    [Fact]
    public async Task A_file_that_is_not_a_dump_says_so()
    {
        var path = _dir.File("notes.txt");
        await File.WriteAllTextAsync(path, "hello");

        var error = await Assert.ThrowsAsync<FormatException>(() => DumpScanner.ScanAsync(path, null, CancellationToken.None));

        Assert.Contains("is it a mysqldump file?", error.Message, StringComparison.Ordinal);
    }
}
