namespace OpenClue.Server.Platform.Jobs;

/// <summary>The order of a list page: a sort key of the resource table and its direction. The API's lists are <see cref="Newest"/>.</summary>
public readonly record struct ListOrder(string Key, bool Descending)
{
    public const string Created = "created";
    public const string Name = "name";

    /// <summary>Newest first, by creation order (D4).</summary>
    public static readonly ListOrder Newest = new(Created, true);
}
