namespace OpenClue.Modeling.Profiles;

/// <summary>
/// One row of a shopping-intent profile (D21): a behaviour or token, the share of target users who have it and its lift
/// (that share ÷ the share among all users).
/// </summary>
public sealed record IntentRow(string Kind, string Name, double Share, double Lift, int TargetUsers);
