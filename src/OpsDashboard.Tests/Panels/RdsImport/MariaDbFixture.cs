using OpsDashboard.Tests.TestSupport;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace OpsDashboard.Tests.Panels.RdsImport;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MariaDbCollection : ICollectionFixture<MariaDbFixture>
{
    public const string Name = "MariaDB";
}

/// <summary>One MariaDB for the import tests, with a source schema loaded from a generated snapshot and its mariadb-dump.</summary>
public sealed class MariaDbFixture(IMessageSink sink) : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();

    public MariaDbServer Server { get; private set; } = null!;

    public string DumpFile => _dir.File("kitsune.sql");

    public (string Table, long Rows)[] Generated { get; private set; } = [];

    public MessageSinkOutput Output { get; } = new(sink);

    public async Task InitializeAsync()
    {
        Server = await MariaDbServer.StartAsync(CancellationToken.None);
        var snapshot = _dir.File("snapshot.sql");
        Generated = SyntheticSchema.Write(snapshot, tables: 20, totalBytes: 200_000_000);
        await Server.ExecuteAsync("CREATE DATABASE kitsune;");
        using (var load = Server.StartClientImport(snapshot, "kitsune"))
        {
            await load.WaitForExitAsync();
            if (load.ExitCode != 0)
            {
                throw new InvalidOperationException($"loading the snapshot failed: {await load.StandardError.ReadToEndAsync()}");
            }
        }

        var (exit, output) = await Server.DumpAsync("kitsune", DumpFile, CancellationToken.None);
        if (exit != 0)
        {
            throw new InvalidOperationException($"mariadb-dump failed: {output}");
        }

        File.Delete(snapshot);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _dir.Dispose();
    }
}

/// <summary>Writes figures a test measured to the test runner's diagnostics.</summary>
public sealed class MessageSinkOutput(IMessageSink sink)
{
    public void WriteLine(string message) => sink.OnMessage(new DiagnosticMessage(message));
}
