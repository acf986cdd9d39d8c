using OpenClue.Cli.Demo;

namespace OpenClue.Cli.Tests;

public class DemoDatasetTests
{
    [Fact]
    public void The_same_seed_gives_the_same_users_with_enough_of_each_label_to_train()
    {
        var first = DemoDataset.Generate(1000, seed: 7);
        var second = DemoDataset.Generate(1000, seed: 7);

        Assert.Equal(first.Users.Select(u => (u.UserId, string.Join("->", u.Behaviors), u.Label)),
            second.Users.Select(u => (u.UserId, string.Join("->", u.Behaviors), u.Label)));
        Assert.Equal(1000, first.Users.Select(u => u.UserId).Distinct().Count());
        Assert.InRange(first.Users.Count(u => u.Label == 1), 250, 450);
    }

    [Fact]
    public void Files_are_tab_separated_sequences_and_labels()
    {
        var dataset = DemoDataset.Generate(500, seed: 1);
        var dir = Directory.CreateTempSubdirectory("openclue-demo-test-").FullName;
        try
        {
            dataset.WriteSequences(Path.Combine(dir, "seq.tsv"));
            dataset.WriteLabels(Path.Combine(dir, "labels.tsv"));

            var sequence = File.ReadLines(Path.Combine(dir, "seq.tsv")).First().Split('\t');
            Assert.Equal("member00001", sequence[0]);
            Assert.Contains("->", sequence[1]);
            Assert.All(File.ReadLines(Path.Combine(dir, "labels.tsv")), line => Assert.Matches(@"^member\d{5}\t[01]$", line));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
