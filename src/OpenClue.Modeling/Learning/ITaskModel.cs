namespace OpenClue.Modeling.Learning;

/// <summary>A trained task model (see <see cref="TaskModels.Deserialize"/>).</summary>
public interface ITaskModel
{
    /// <summary><c>logistic_regression</c>, <c>gbdt</c> or <c>blend</c>.</summary>
    string ModelFamily { get; }

    /// <summary>The NCLUE model of the features it was trained on (D13: it scores only features of that model).</summary>
    string FeatureModelName { get; }
}
