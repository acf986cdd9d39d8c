namespace OpenClue.Modeling.Learning;

/// <summary>One point of a test ROC curve: false and true positive rates at a score threshold.</summary>
public sealed record RocPoint(double Fpr, double Tpr, double Threshold);
