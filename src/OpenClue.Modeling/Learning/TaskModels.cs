namespace OpenClue.Modeling.Learning;

/// <summary>The task model families and the entry point that reads a stored task model.</summary>
public static class TaskModels
{
    public const string LogisticRegression = "logistic_regression", Gbdt = "gbdt", Blend = "blend";

    /// <summary>Reads a model written by <see cref="TaskTrainer"/>; throws <see cref="InvalidDataException"/> when corrupt.</summary>
    public static ITaskModel Deserialize(ReadOnlySpan<byte> bytes) => TaskModel.Deserialize(bytes);
}
