using OpenClue.Cli.Buckets;
using OpenClue.Cli.Errors;

namespace OpenClue.Cli.Tests;

public class BucketPathTests
{
    [Theory]
    [InlineData("data/in/", "seq.tsv", "data", "in/seq.tsv")]
    [InlineData("data", "seq.tsv", "data", "seq.tsv")]
    [InlineData("data/in/renamed.tsv", "seq.tsv", "data", "in/renamed.tsv")]
    [InlineData("my-bucket-01/한국/", "seq.tsv", "my-bucket-01", "한국/seq.tsv")]
    public void A_folder_keeps_the_file_name_and_a_full_path_is_used_as_is(string target, string file, string bucket, string key)
    {
        var path = BucketPath.Parse(target);
        Assert.Equal(bucket, path.Bucket);
        Assert.Equal(key, path.KeyFor(Path.Combine("/tmp", file)));
    }

    [Theory]
    [InlineData("Data/x")]
    [InlineData("a/x")]
    [InlineData("bucket_1/x")]
    [InlineData("data/../etc/passwd")]
    [InlineData("data//abs")]
    public void Bad_bucket_names_and_escaping_paths_are_usage_errors(string target)
    {
        var error = Assert.Throws<CliException>(() => BucketPath.Parse(target));
        Assert.Equal(ExitCodes.Usage, error.ExitCode);
    }
}
