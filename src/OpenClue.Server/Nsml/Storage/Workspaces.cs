using System.Text;

namespace OpenClue.Server.Nsml.Storage;

/// <summary>
/// Project workspaces, the NAS analogue: <c>{WorkspaceRoot}/{tenant}/{projectId}</c>, shared by the project's runs
/// and by every worker (the root is a mount all workers see on a cluster).
/// </summary>
public sealed class Workspaces(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string PathOf(string tenantId, string projectId) => Path.Combine(Root, FolderName(tenantId), projectId);

    public string Create(string tenantId, string projectId) => Directory.CreateDirectory(PathOf(tenantId, projectId)).FullName;

    public void Delete(string tenantId, string projectId)
    {
        var path = PathOf(tenantId, projectId);
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
    }

    /// <summary>A tenant id as a folder name: itself when plain, else hex, so no id can climb out of the root.</summary>
    private static string FolderName(string tenantId)
    {
        foreach (var c in tenantId)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                return "x" + Convert.ToHexStringLower(Encoding.UTF8.GetBytes(tenantId));
        return tenantId.Length == 0 ? "x" : tenantId;
    }
}
