namespace OpenClue.Server.Nsml;

/// <summary>The docker executor: which daemon, which local image each <c>imagePath</c> runs as, and the network.</summary>
public sealed class NsmlDockerOptions
{
    /// <summary>Docker Engine API endpoint; default <c>unix:///var/run/docker.sock</c>.</summary>
    public string Endpoint { get; set; } = "unix:///var/run/docker.sock";
    /// <summary>Which local image each <c>imagePath</c> runs as; a path not listed runs as itself.</summary>
    public List<NsmlImageMapping> Images { get; set; } = [];
    /// <summary>Network mode of the containers (<c>none</c>, <c>bridge</c>, <c>host</c>, a network name).</summary>
    public string Network { get; set; } = "bridge";
}
