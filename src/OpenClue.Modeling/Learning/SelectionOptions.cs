namespace OpenClue.Modeling.Learning;

/// <summary>The <see cref="TaskTrainer"/> settings one <see cref="SelectionRound"/> needs.</summary>
internal sealed record SelectionOptions(LinearSettings Linear, IReadOnlyList<double> CGrid, int Folds, int MaxSelectionUsers, bool EvidenceWeighting,
    bool LinearDense, bool EnableTrees);
