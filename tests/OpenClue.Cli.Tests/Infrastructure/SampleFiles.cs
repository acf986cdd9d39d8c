using System.Text;

namespace OpenClue.Cli.Tests.Infrastructure;

/// <summary>Small datasets written straight into a test server's local bucket.</summary>
public static class SampleFiles
{
    /// <summary>A valid sequence dataset of <paramref name="users"/> users.</summary>
    public static void WriteSequences(string path, int users)
    {
        var text = new StringBuilder();
        for (var u = 0; u < users; u++) text.Append($"u{u:D5}\tsearch: item {u % 17}->view: item {u % 5}->buy: item {u % 3}\n");
        Write(path, text.ToString());
    }

    public static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
