namespace OpenClue.Testing;

/// <summary>
/// A fact that needs real components: skipped with a clear message when one is missing and <c>CI</c> is not
/// <c>true</c>; in CI it always runs (and its fixture fails if the component cannot start).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ComponentFactAttribute : FactAttribute
{
    public ComponentFactAttribute(params Component[] components)
    {
        if (ComponentEnvironment.IsCi) return;
        var missing = components.Select(ComponentEnvironment.Missing).FirstOrDefault(m => m is not null);
        if (missing is not null) Skip = $"Component test skipped: {missing}. (With CI=true this fails instead.)";
    }
}
