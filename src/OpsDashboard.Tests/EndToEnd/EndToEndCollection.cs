namespace OpsDashboard.Tests.EndToEnd;

/// <summary>Tests that start the real app and a real browser run one at a time: two cores are not enough for more.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    public const string Name = "End to end";
}
