namespace OpenClue.Server.Nclue.Profiles;

/// <summary>The job kinds of the profile resources (values of <c>jobs.kind</c>).</summary>
public static class ProfileJobKinds
{
    public const string CustomAttributes = "custom_attributes";
    public const string ShoppingIntent = "shopping_intent";
}
