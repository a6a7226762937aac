namespace OpsDashboard.Pipeline;

/// <summary>
/// A panel's identity, declared by the panel in its folder (<c>Panels/&lt;Panel&gt;/…Panel.cs</c>). <paramref name="Code"/>
/// is stored in the history and sent to other replicas, so it never changes; <paramref name="Slug"/> is the panel's
/// name in addresses (<c>/panels/rds-import</c>, <c>/timeline?panel=rds-import</c>); <paramref name="Title"/> is what people read.
/// Two kinds are the same panel when their codes are.
/// </summary>
public sealed record PanelKind(string Code, string Slug, string Title)
{
    public bool Equals(PanelKind? other) => other is not null && string.Equals(Code, other.Code, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Code);

    public override string ToString() => Code;
}
