namespace OpenClue.Modeling.Data;

/// <summary>
/// One user's behaviour sequence, oldest first.
/// <para><b>Reuse:</b> <see cref="SequenceDatasetReader.Read"/> yields the SAME instance (with the same
/// <see cref="Behaviors"/> list, cleared and refilled) on every step, so copy what you need before moving on.</para>
/// </summary>
public sealed class UserSequence
{
    public string UserId { get; set; } = "";

    public List<string> Behaviors { get; set; } = new();
}
