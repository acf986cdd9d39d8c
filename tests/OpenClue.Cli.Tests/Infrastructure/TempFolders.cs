namespace OpenClue.Cli.Tests.Infrastructure;

internal static class TempFolders
{
    public static void Delete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
