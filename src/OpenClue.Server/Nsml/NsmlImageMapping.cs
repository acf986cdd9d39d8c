namespace OpenClue.Server.Nsml;

/// <summary>
/// One <c>imagePath</c> → local image entry (a list, not a map: image references hold ':', the configuration key separator).
/// </summary>
public sealed class NsmlImageMapping
{
    public string ImagePath { get; set; } = "";
    public string LocalImage { get; set; } = "";
}
