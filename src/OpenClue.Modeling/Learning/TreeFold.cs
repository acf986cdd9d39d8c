namespace OpenClue.Modeling.Learning;

/// <summary>One fold's trees (<see cref="ITreeLearner"/>) and their decisions on its held-out rows, in their order.</summary>
internal sealed record TreeFold(List<GbdtTree> Trees, float[] HeldOut);
