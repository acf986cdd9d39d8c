namespace OpenClue.Server.Nsml;

/// <summary>One server product (§4.5) as the operator configures it.</summary>
public sealed class NsmlProductOptions
{
    public int GpuSvrCode { get; set; }
    /// <summary><c>TRAIN</c> or <c>DEV</c>.</summary>
    public string UseType { get; set; } = "TRAIN";
    public List<int> NodeCounts { get; set; } = [1];
    public string ServerProductCode { get; set; } = "";
    public string ProductName { get; set; } = "";
    public string EngFullName { get; set; } = "";
    public int GpusPerNode { get; set; }
    public int CpuSlots { get; set; } = 1;
}
