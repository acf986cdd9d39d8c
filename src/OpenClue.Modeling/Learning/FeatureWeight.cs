namespace OpenClue.Modeling.Learning;

/// <summary>A named sparse feature of the linear part and its weight. Kind is <c>behavior</c> or <c>token</c>.</summary>
public sealed record FeatureWeight(string Kind, string Name, double Weight);
