namespace OpenClue.Testing;

/// <summary>The theory counterpart of <see cref="ComponentFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ComponentTheoryAttribute : TheoryAttribute
{
    public ComponentTheoryAttribute(params Component[] components)
    {
        if (ComponentEnvironment.IsCi) return;
        var missing = components.Select(ComponentEnvironment.Missing).FirstOrDefault(m => m is not null);
        if (missing is not null) Skip = $"Component test skipped: {missing}. (With CI=true this fails instead.)";
    }
}
